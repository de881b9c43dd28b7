<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Select All</source>
        <translation>P&amp;ilih semua</translation>
    </message>
    <message>
        <source>&amp;Step up</source>
        <translation>&amp;Naikkan</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>Tu&amp;runkan</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Look in:</source>
        <translation>Lihat di:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Maju</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Folder induk</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Buat folder baru</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Tampilan daftar</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Tampilan rinci</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Bilah samping</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Nama berkas:</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>Jenis berkas:</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Buka</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Simpan</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Pilih</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Simpan sebagai</translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation>Cari folder</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Tempat terakhir</translation>
    </message>
    <message>
        <source>Show </source>
        <translation>Tampilkan </translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Ganti nama</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Hapus</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Tampilkan berkas &amp;tersembunyi</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>Folder &amp;baru</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Folder baru</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 sudah ada.
Apakah akan diganti?</translation>
    </message>
    <message>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>Yakin akan menghapus &apos;%1&apos;?</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Kembali ke folder sebelumnya</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Maju ke folder berikutnya</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Ke folder induk</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Buat folder baru</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Ganti ke tampilan daftar</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Ganti ke tampilan rinci</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Daftar tempat dan penanda</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Tanggal diubah</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Komputer</translation>
    </message>
</context>
<context>
    <name>QGnomeTheme</name>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;OK</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Simpan</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Batal</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Tutup</translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation>Tutup tanpa menyimpan</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Urungkan</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>U&amp;langi</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Po&amp;tong</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>Tem&amp;pel</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Pilih semua</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Tampilkan rincian...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Sembunyikan rincian...</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Simpan Semua</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ya</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Ya untuk &amp;semua</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Tidak</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Tidak untuk s&amp;emua</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Hentikan</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Abaikan</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Buang</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Bantuan</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Atur ulang</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Kembalikan ke bawaan</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Urungkan</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>U&amp;langi</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Po&amp;tong</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Salin &amp;alamat tautan</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>Tem&amp;pel</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Pilih semua</translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Kembali</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Lanjut &gt;</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Selesai</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Terapkan</translation>
    </message>
</context>
<context>
    <name>sandi::desktop</name>
    <message>
        <source>The relay gave no certificate for this device.</source>
        <translation>Relay tidak memberikan sertifikat untuk perangkat ini.</translation>
    </message>
    <message>
        <source>A certificate in its chain is malformed.</source>
        <translation>Format salah satu sertifikat dalam rantainya tidak valid.</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::AttachmentList</name>
    <message>
        <source>Attached files</source>
        <translation>Berkas terlampir</translation>
    </message>
    <message>
        <source>Drop files here to attach them.</source>
        <translation>Seret berkas ke sini untuk melampirkannya.</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 bukan berkas.</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>Ukuran %1 melebihi %2.</translation>
    </message>
    <message>
        <source>%1 is already attached.</source>
        <translation>%1 sudah dilampirkan.</translation>
    </message>
    <message numerus="yes">
        <source>At most %n files can be attached.</source>
        <translation>
            <numerusform>Paling banyak %n berkas dapat dilampirkan.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::ComposeDialog</name>
    <message>
        <source>&amp;Add file…</source>
        <translation>Tambah be&amp;rkas…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>H&amp;apus</translation>
    </message>
    <message>
        <source>Attach a &amp;signed PDF…</source>
        <translation>Lampirkan PD&amp;F bertanda tangan…</translation>
    </message>
    <message>
        <source>Si&amp;gn this memo with my signing certificate</source>
        <translation>&amp;Tandatangani nota dinas ini dengan sertifikat tanda tangan elektronik saya</translation>
    </message>
    <message>
        <source>New memo</source>
        <translation>Nota dinas baru</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>Penerima</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>No device of this official has a valid certificate.</source>
        <translation>Tidak satu pun perangkat pejabat ini memiliki sertifikat yang berlaku.</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Grup</translation>
    </message>
    <message>
        <source>(no group: the officials checked above)</source>
        <translation>(tanpa grup: pejabat yang dicentang di atas)</translation>
    </message>
    <message>
        <source>To (as written on the memo)</source>
        <translation>Kepada Yth. (sebagaimana tertulis pada nota dinas)</translation>
    </message>
    <message>
        <source>Copy to</source>
        <translation>Tembusan</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Sifat</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Klasifikasi</translation>
    </message>
    <message>
        <source>Attachments (as written on the memo)</source>
        <translation>Lampiran (sebagaimana tertulis pada nota dinas)</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Hal</translation>
    </message>
    <message>
        <source>Text of the memo</source>
        <translation>Isi nota dinas</translation>
    </message>
    <message>
        <source>Add file</source>
        <translation>Tambah berkas</translation>
    </message>
    <message>
        <source>Remove file</source>
        <translation>Hapus berkas</translation>
    </message>
    <message>
        <source>Attach a signed PDF</source>
        <translation>Lampirkan PDF bertanda tangan</translation>
    </message>
    <message>
        <source>Sign this memo</source>
        <translation>Tandatangani nota dinas ini</translation>
    </message>
    <message>
        <source>Delete after</source>
        <translation>Hapus otomatis setelah</translation>
    </message>
    <message>
        <source>Separate several with ;</source>
        <translation>Jika lebih dari satu, pisahkan dengan ;</translation>
    </message>
    <message>
        <source>Filled in from the recipients; separate several with ;</source>
        <translation>Terisi otomatis dari penerima; jika lebih dari satu, pisahkan dengan ;</translation>
    </message>
    <message>
        <source>Ordinary</source>
        <translation>Biasa</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Segera</translation>
    </message>
    <message>
        <source>Very urgent</source>
        <translation>Sangat Segera</translation>
    </message>
    <message>
        <source>Ordinary (B)</source>
        <translation>Biasa (B)</translation>
    </message>
    <message>
        <source>Restricted (T)</source>
        <translation>Terbatas (T)</translation>
    </message>
    <message>
        <source>Confidential (R)</source>
        <translation>Rahasia (R)</translation>
    </message>
    <message>
        <source>Secret (SR)</source>
        <translation>Sangat Rahasia (SR)</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Tidak dihapus</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 hari</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 hari</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 hari</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Kirim</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Lampirkan berkas</translation>
    </message>
    <message>
        <source>Sign and attach a PDF</source>
        <translation>Tandatangani dan lampirkan PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Dokumen PDF (*.pdf)</translation>
    </message>
    <message>
        <source>&amp;Recipients:</source>
        <translation>&amp;Penerima:</translation>
    </message>
    <message>
        <source>or &amp;group:</source>
        <translation>atau &amp;grup:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>Kepada &amp;Yth.:</translation>
    </message>
    <message>
        <source>&amp;Copy to:</source>
        <translation>T&amp;embusan:</translation>
    </message>
    <message>
        <source>&amp;Number:</source>
        <translation>N&amp;omor:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Dari:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>Ta&amp;nggal:</translation>
    </message>
    <message>
        <source>&amp;Urgency:</source>
        <translation>&amp;Sifat:</translation>
    </message>
    <message>
        <source>C&amp;lassification:</source>
        <translation>K&amp;lasifikasi:</translation>
    </message>
    <message>
        <source>Attach&amp;ments:</source>
        <translation>La&amp;mpiran:</translation>
    </message>
    <message>
        <source>Su&amp;bject:</source>
        <translation>&amp;Hal:</translation>
    </message>
    <message>
        <source>D&amp;elete after:</source>
        <translation>Hap&amp;us otomatis setelah:</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>&amp;Isi:</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n berkas</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose at least one recipient or a group.</source>
        <translation>Pilih sedikitnya satu penerima atau satu grup.</translation>
    </message>
    <message>
        <source>The memo needs a subject.</source>
        <translation>Hal nota dinas belum diisi.</translation>
    </message>
    <message>
        <source>The memo has no text.</source>
        <translation>Isi nota dinas masih kosong.</translation>
    </message>
    <message>
        <source>%1 can no longer be read.</source>
        <translation>%1 tidak dapat dibaca lagi.</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::ContactDialog</name>
    <message>
        <source>Valid until %1</source>
        <translation>Berlaku sampai %1</translation>
    </message>
    <message>
        <source>Revoked on %1</source>
        <translation>Dicabut pada %1</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Dicabut</translation>
    </message>
    <message>
        <source>Expired on %1</source>
        <translation>Kedaluwarsa sejak %1</translation>
    </message>
    <message>
        <source>Not valid before %1</source>
        <translation>Baru berlaku mulai %1</translation>
    </message>
    <message>
        <source>Not trusted</source>
        <translation>Tidak tepercaya</translation>
    </message>
    <message>
        <source>I &amp;compared this safety number with the official in person</source>
        <translation>Saya telah &amp;mencocokkan nomor keamanan ini secara langsung dengan pejabat yang bersangkutan</translation>
    </message>
    <message>
        <source>Official: %1</source>
        <translation>Pejabat: %1</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nama:</translation>
    </message>
    <message>
        <source>Position:</source>
        <translation>Jabatan:</translation>
    </message>
    <message>
        <source>Office:</source>
        <translation>Instansi:</translation>
    </message>
    <message>
        <source>NIP:</source>
        <translation>NIP:</translation>
    </message>
    <message>
        <source>Devices and their certificates</source>
        <translation>Perangkat dan sertifikatnya</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Sertifikat</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Berlaku sejak</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Diterbitkan oleh</translation>
    </message>
    <message>
        <source>QR code of the safety number</source>
        <translation>Kode QR nomor keamanan</translation>
    </message>
    <message>
        <source>Safety number compared in person</source>
        <translation>Nomor keamanan telah dicocokkan secara langsung</translation>
    </message>
    <message>
        <source>Compare the safety number (or scan the QR code) with the one the official&apos;s own Sandi shows for you. If they match, nobody stands between your devices.</source>
        <translation>Cocokkan nomor keamanan ini (atau pindai kode QR-nya) dengan nomor yang ditampilkan Sandi milik pejabat tersebut untuk Anda. Jika keduanya sama, tidak ada pihak lain di antara perangkat Anda.</translation>
    </message>
    <message>
        <source>No safety number: this device&apos;s certificate is not valid.</source>
        <translation>Tidak ada nomor keamanan: sertifikat perangkat ini tidak berlaku.</translation>
    </message>
    <message>
        <source>Safety number %1</source>
        <translation>Nomor keamanan %1</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::ConversationModel</name>
    <message>
        <source>Other officials</source>
        <translation>Pejabat lainnya</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Grup</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n anggota</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n unread memo(s)</source>
        <translation>
            <numerusform>%1, %n nota dinas belum dibaca</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sandi::desktop::MainWindow</name>
    <message numerus="yes">
        <source>%n memo(s) waiting</source>
        <translation>
            <numerusform>%n nota dinas menunggu dikirim</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Sandi</source>
        <translation>&amp;Sandi</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Kunci</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Pengaturan…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>K&amp;eluar</translation>
    </message>
    <message>
        <source>Memos (%1)</source>
        <translation>Nota Dinas (%1)</translation>
    </message>
    <message>
        <source>Memos</source>
        <translation>Nota Dinas</translation>
    </message>
    <message>
        <source>(%1) Sandi — %2</source>
        <translation>(%1) Sandi — %2</translation>
    </message>
    <message>
        <source>Sandi — %1</source>
        <translation>Sandi — %1</translation>
    </message>
    <message>
        <source>Sandi</source>
        <translation>Sandi</translation>
    </message>
    <message>
        <source>● Connected to the relay</source>
        <translation>● Terhubung ke relay</translation>
    </message>
    <message>
        <source>● Connecting to the relay…</source>
        <translation>● Menghubungkan ke relay…</translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation>● Tidak terhubung</translation>
    </message>
    <message>
        <source>Connection to the relay</source>
        <translation>Koneksi ke relay</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::MemoCard</name>
    <message>
        <source>Memo</source>
        <translation>Nota dinas</translation>
    </message>
    <message>
        <source>Choose a memo to read it.</source>
        <translation>Pilih nota dinas untuk membacanya.</translation>
    </message>
    <message>
        <source>%1 memo: %2</source>
        <translation>Nota dinas %1: %2</translation>
    </message>
    <message>
        <source>MEMORANDUM (NOTA DINAS)</source>
        <translation>NOTA DINAS</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Kepada Yth.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>Copy to</source>
        <translation>Tembusan</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Sifat</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Lampiran</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Hal</translation>
    </message>
    <message>
        <source>NIP %1</source>
        <translation>NIP %1</translation>
    </message>
    <message>
        <source>Not signed.</source>
        <translation>Tidak ditandatangani.</translation>
    </message>
    <message>
        <source>Signed; the signature is valid.</source>
        <translation>Ditandatangani; tanda tangan sah.</translation>
    </message>
    <message>
        <source>Signed, but the signature is NOT valid: %1</source>
        <translation>Ditandatangani, tetapi tanda tangan TIDAK sah: %1</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>Berkas terlampir</translation>
    </message>
    <message>
        <source>Received %1</source>
        <translation>Diterima %1</translation>
    </message>
    <message>
        <source>%1 · composed %2</source>
        <translation>%1 · dibuat %2</translation>
    </message>
    <message>
        <source>deleted after %1</source>
        <translation>dihapus setelah %1</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::MemoListModel</name>
    <message>
        <source>[%1] %2</source>
        <translation>[%1] %2</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(tanpa hal)</translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1, %2, %3</translation>
    </message>
    <message>
        <source>Ordinary (B)</source>
        <translation>Biasa (B)</translation>
    </message>
    <message>
        <source>Restricted (T)</source>
        <translation>Terbatas (T)</translation>
    </message>
    <message>
        <source>Confidential (R)</source>
        <translation>Rahasia (R)</translation>
    </message>
    <message>
        <source>Secret (SR)</source>
        <translation>Sangat Rahasia (SR)</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Segera</translation>
    </message>
    <message>
        <source>Very urgent</source>
        <translation>Sangat Segera</translation>
    </message>
    <message>
        <source>Ordinary</source>
        <translation>Biasa</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Menunggu dikirim</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Sampai di penerima</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Dibaca</translation>
    </message>
    <message>
        <source>New %1 memo</source>
        <translation>Nota dinas baru, klasifikasi %1</translation>
    </message>
    <message>
        <source>Open Sandi to read it.</source>
        <translation>Buka Sandi untuk membacanya.</translation>
    </message>
    <message>
        <source>New memo from %1</source>
        <translation>Nota dinas baru dari %1</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::MessagesPage</name>
    <message numerus="yes">
        <source>%n memo(s) found for &quot;%1&quot;.</source>
        <translation>
            <numerusform>%n nota dinas ditemukan untuk &quot;%1&quot;.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the attached file</source>
        <translation>Simpan berkas lampiran</translation>
    </message>
    <message>
        <source>The relay accepted the memo.</source>
        <translation>Relay telah menerima nota dinas.</translation>
    </message>
    <message>
        <source>The memo was not sent: %1</source>
        <translation>Nota dinas tidak terkirim: %1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 telah disimpan.</translation>
    </message>
    <message>
        <source>The file was not saved: %1</source>
        <translation>Berkas tidak tersimpan: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n memo(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n nota dinas menunggu dikirim.</numerusform>
        </translation>
    </message>
    <message>
        <source>Search the memos…</source>
        <translation>Cari nota dinas…</translation>
    </message>
    <message>
        <source>Search the memos</source>
        <translation>Cari nota dinas</translation>
    </message>
    <message>
        <source>Conversations by office</source>
        <translation>Percakapan per instansi</translation>
    </message>
    <message>
        <source>Memos of the conversation</source>
        <translation>Nota dinas dalam percakapan</translation>
    </message>
    <message>
        <source>&amp;New memo</source>
        <translation>Nota dinas &amp;baru</translation>
    </message>
    <message>
        <source>New memo</source>
        <translation>Nota dinas baru</translation>
    </message>
    <message>
        <source>&amp;Export as signed PDF…</source>
        <translation>&amp;Ekspor sebagai PDF bertanda tangan…</translation>
    </message>
    <message>
        <source>Export the memo as a signed PDF</source>
        <translation>Ekspor nota dinas sebagai PDF bertanda tangan</translation>
    </message>
    <message>
        <source>&amp;Official&apos;s details…</source>
        <translation>&amp;Rincian pejabat…</translation>
    </message>
    <message>
        <source>Details of the official</source>
        <translation>Rincian pejabat</translation>
    </message>
    <message>
        <source>The memo was not sent: it was to be signed, but no signing key was opened.</source>
        <translation>Nota dinas tidak terkirim: nota dinas ini harus ditandatangani, tetapi kunci tanda tangan belum dibuka.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Mengirim…</translation>
    </message>
    <message>
        <source>Not connected: the memo waits and is sent when the relay is reachable.</source>
        <translation>Tidak terhubung: nota dinas menunggu dan akan dikirim saat relay dapat dijangkau.</translation>
    </message>
    <message>
        <source>Fetching the file…</source>
        <translation>Mengambil berkas…</translation>
    </message>
    <message>
        <source>The directory does not list NIP %1 (any more).</source>
        <translation>Direktori tidak (lagi) memuat NIP %1.</translation>
    </message>
</context>
</TS>
