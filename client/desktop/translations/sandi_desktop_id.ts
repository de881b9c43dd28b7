<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>App</name>
    <message>
        <source>Sandi: encrypted memos and signed documents.</source>
        <translation>Sandi: nota dinas terenkripsi dan dokumen bertanda tangan elektronik.</translation>
    </message>
    <message>
        <source>The account&apos;s store directory.</source>
        <translation>Direktori penyimpanan akun.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIREKTORI</translation>
    </message>
    <message>
        <source>Read the store passphrase from FILE (for scripts and the demo).</source>
        <translation>Baca frasa sandi penyimpanan dari BERKAS (untuk skrip dan demo).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>BERKAS</translation>
    </message>
    <message>
        <source>The language: id or en.</source>
        <translation>Bahasa: id atau en.</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>BAHASA</translation>
    </message>
    <message>
        <source>Keep the settings in this INI file.</source>
        <translation>Simpan pengaturan dalam berkas INI ini.</translation>
    </message>
    <message>
        <source>Sandi</source>
        <translation>Sandi</translation>
    </message>
    <message>
        <source>The account could not be opened: %1</source>
        <translation>Akun tidak dapat dibuka: %1</translation>
    </message>
</context>
<context>
    <name>MemoDocuments</name>
    <message>
        <source>Export the memo as a signed PDF</source>
        <translation>Ekspor nota dinas sebagai PDF bertanda tangan</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Dokumen PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Memo exported</source>
        <translation>Nota dinas diekspor</translation>
    </message>
    <message>
        <source>The signed nota dinas was saved as %1.</source>
        <translation>Nota dinas bertanda tangan disimpan sebagai %1.</translation>
    </message>
    <message>
        <source>Memo not exported</source>
        <translation>Nota dinas tidak diekspor</translation>
    </message>
    <message>
        <source>The PDF could not be made: %1</source>
        <translation>PDF tidak dapat dibuat: %1</translation>
    </message>
    <message>
        <source>PDF not signed</source>
        <translation>PDF tidak ditandatangani</translation>
    </message>
    <message>
        <source>%1 could not be signed: %2</source>
        <translation>%1 tidak dapat ditandatangani: %2</translation>
    </message>
</context>
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
    <name>QTabBar</name>
    <message>
        <source>Scroll Left</source>
        <translation>Gulir ke kiri</translation>
    </message>
    <message>
        <source>Scroll Right</source>
        <translation>Gulir ke kanan</translation>
    </message>
    <message>
        <source>Close Tab</source>
        <translation>Tutup tab</translation>
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
    <message>
        <source>The list of memos waiting to be sent could not be read; it was kept aside in the history database.</source>
        <translation>Daftar nota dinas yang menunggu dikirim tidak dapat dibaca; daftar itu disisihkan di basis data riwayat.</translation>
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
    <name>sandi::desktop::BulkVerifyModel</name>
    <message>
        <source>Pending…</source>
        <translation>Menunggu…</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Tidak terbaca</translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <translation>%1 [%2]</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Tanda tangan</translation>
    </message>
    <message>
        <source>First problem</source>
        <translation>Masalah pertama</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::CertificatePage</name>
    <message>
        <source>Device certificate</source>
        <translation>Sertifikat perangkat</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Sertifikat (*.pem *.crt *.cer);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Trust anchors</source>
        <translation>Jangkar kepercayaan</translation>
    </message>
    <message>
        <source>Certificate revocation lists</source>
        <translation>Daftar pencabutan sertifikat (CRL)</translation>
    </message>
    <message>
        <source>CRLs (*.pem *.crl);;All files (*)</source>
        <translation>CRL (*.pem *.crl);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>The device certificate</source>
        <translation>Sertifikat perangkat</translation>
    </message>
    <message>
        <source>Take this certificate request to the office CA (as a file, or copied into a message to the CA&apos;s operator). The CA issues the device certificate from it; then choose that file here with the CA&apos;s trust anchor (the root certificate) and its CRLs. You can close Sandi now and come back to this page later.</source>
        <translation>Bawa permintaan sertifikat ini ke CA instansi (sebagai berkas, atau disalin ke dalam pesan untuk operator CA). CA menerbitkan sertifikat perangkat dari permintaan ini; kemudian pilih berkas sertifikat tersebut di sini beserta jangkar kepercayaan CA (sertifikat akar) dan CRL-nya. Sandi boleh ditutup sekarang dan halaman ini dapat dibuka kembali nanti.</translation>
    </message>
    <message>
        <source>Certificate request</source>
        <translation>Permintaan sertifikat</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>Copy the certificate request</source>
        <translation>Salin permintaan sertifikat</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>Si&amp;mpan sebagai…</translation>
    </message>
    <message>
        <source>Save the certificate request as a file</source>
        <translation>Simpan permintaan sertifikat sebagai berkas</translation>
    </message>
    <message>
        <source>Store &amp;passphrase:</source>
        <translation>Frasa sandi &amp;penyimpanan:</translation>
    </message>
    <message>
        <source>Store passphrase</source>
        <translation>Frasa sandi penyimpanan</translation>
    </message>
    <message>
        <source>Device &amp;certificate:</source>
        <translation>Sertifikat pe&amp;rangkat:</translation>
    </message>
    <message>
        <source>Device certificate file</source>
        <translation>Berkas sertifikat perangkat</translation>
    </message>
    <message>
        <source>&amp;Trust anchors:</source>
        <translation>&amp;Jangkar kepercayaan:</translation>
    </message>
    <message>
        <source>Trust anchor files, separated by semicolons</source>
        <translation>Berkas jangkar kepercayaan, dipisahkan dengan titik koma</translation>
    </message>
    <message>
        <source>C&amp;RLs:</source>
        <translation>&amp;CRL:</translation>
    </message>
    <message>
        <source>CRL files, separated by semicolons</source>
        <translation>Berkas CRL, dipisahkan dengan titik koma</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Pilih berkas</translation>
    </message>
    <message>
        <source>&amp;Complete the account</source>
        <translation>Lengkapi &amp;akun</translation>
    </message>
    <message>
        <source>The certificate request cannot be read: %1</source>
        <translation>Permintaan sertifikat tidak dapat dibaca: %1</translation>
    </message>
    <message>
        <source>Save the certificate request</source>
        <translation>Simpan permintaan sertifikat</translation>
    </message>
    <message>
        <source>Certificate requests (*.csr *.pem)</source>
        <translation>Permintaan sertifikat (*.csr *.pem)</translation>
    </message>
    <message>
        <source>The request could not be saved: %1</source>
        <translation>Permintaan tidak dapat disimpan: %1</translation>
    </message>
    <message>
        <source>The passphrase is not correct.</source>
        <translation>Frasa sandi salah.</translation>
    </message>
    <message>
        <source>The certificate was not accepted: %1</source>
        <translation>Sertifikat tidak diterima: %1</translation>
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
    <message>
        <source>Send the memo</source>
        <translation>Kirim nota dinas</translation>
    </message>
    <message>
        <source>Cancel the memo</source>
        <translation>Batalkan nota dinas</translation>
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
    <message>
        <source>Close the official&apos;s details</source>
        <translation>Tutup rincian pejabat</translation>
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
    <name>sandi::desktop::DesktopApp</name>
    <message>
        <source>Sandi</source>
        <translation>Sandi</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumen</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::DocumentsPage</name>
    <message>
        <source>&amp;Open PDF…</source>
        <translation>&amp;Buka PDF…</translation>
    </message>
    <message>
        <source>Open a PDF</source>
        <translation>Buka PDF</translation>
    </message>
    <message>
        <source>Verify &amp;folder…</source>
        <translation>Verifikasi &amp;folder…</translation>
    </message>
    <message>
        <source>Verify every PDF and .p7s file in a folder</source>
        <translation>Verifikasi semua berkas PDF dan .p7s dalam satu folder</translation>
    </message>
    <message>
        <source>Sign this document</source>
        <translation>Tandatangani dokumen ini</translation>
    </message>
    <message>
        <source>&amp;Invisible</source>
        <translation>&amp;Tidak tampak</translation>
    </message>
    <message>
        <source>&amp;Visible stamp</source>
        <translation>&amp;Cap tampak</translation>
    </message>
    <message>
        <source>&amp;Sign…</source>
        <translation>Tan&amp;datangani…</translation>
    </message>
    <message>
        <source>Sign the document into a copy</source>
        <translation>Tandatangani dokumen ke dalam salinan</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>Pilih folder…</translation>
    </message>
    <message>
        <source>Choose a folder to verify</source>
        <translation>Pilih folder yang akan diverifikasi</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Hentikan</translation>
    </message>
    <message>
        <source>Stop verifying the folder</source>
        <translation>Hentikan verifikasi folder</translation>
    </message>
    <message>
        <source>Open a PDF, or drop a PDF or a folder here.</source>
        <translation>Buka PDF, atau seret PDF atau folder ke sini.</translation>
    </message>
    <message>
        <source>Document or folder</source>
        <translation>Dokumen atau folder</translation>
    </message>
    <message>
        <source>Invisible signature</source>
        <translation>Tanda tangan tidak tampak</translation>
    </message>
    <message>
        <source>Visible signature stamp</source>
        <translation>Cap tanda tangan yang tampak</translation>
    </message>
    <message>
        <source>Reason for signing</source>
        <translation>Alasan penandatanganan</translation>
    </message>
    <message>
        <source>e.g. Approved</source>
        <translation>mis. Disetujui</translation>
    </message>
    <message>
        <source>Place of signing</source>
        <translation>Tempat penandatanganan</translation>
    </message>
    <message>
        <source>e.g. Baubau</source>
        <translation>mis. Baubau</translation>
    </message>
    <message>
        <source>Verification verdict</source>
        <translation>Hasil verifikasi</translation>
    </message>
    <message>
        <source>Verification report</source>
        <translation>Laporan verifikasi</translation>
    </message>
    <message>
        <source>The selected finding</source>
        <translation>Temuan yang dipilih</translation>
    </message>
    <message>
        <source>Appearance:</source>
        <translation>Tampilan:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Alasan:</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Lokasi:</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <source>Files verified</source>
        <translation>Berkas terverifikasi</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%v dari %m berkas</translation>
    </message>
    <message>
        <source>Verified files</source>
        <translation>Berkas yang diverifikasi</translation>
    </message>
    <message>
        <source>Folder verification</source>
        <translation>Verifikasi folder</translation>
    </message>
    <message>
        <source>No PDF or .p7s file was found.</source>
        <translation>Tidak ditemukan berkas PDF atau .p7s.</translation>
    </message>
    <message numerus="yes">
        <source>Verifying %n file(s)…</source>
        <translation>
            <numerusform>Memverifikasi %n berkas…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Memverifikasi…</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>Tidak ditandatangani</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n signature(s)</source>
        <translation>
            <numerusform>%1 — %n tanda tangan</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a PDF first.</source>
        <translation>Buka PDF terlebih dahulu.</translation>
    </message>
    <message>
        <source>Choose where to save the signed copy.</source>
        <translation>Pilih tempat menyimpan salinan yang ditandatangani.</translation>
    </message>
    <message>
        <source>The signed copy must be a new file: the original is kept as it is.</source>
        <translation>Salinan yang ditandatangani harus berupa berkas baru: berkas asli dibiarkan apa adanya.</translation>
    </message>
    <message>
        <source>Draw the stamp&apos;s rectangle on the page first (or choose Default stamp position).</source>
        <translation>Gambar kotak cap pada halaman terlebih dahulu (atau pilih Posisi cap bawaan).</translation>
    </message>
    <message>
        <source>Not signed: no signing key was opened.</source>
        <translation>Tidak ditandatangani: kunci tanda tangan belum dibuka.</translation>
    </message>
    <message>
        <source>Not signed: %1</source>
        <translation>Tidak ditandatangani: %1</translation>
    </message>
    <message>
        <source>Signed with a visible stamp into %1.</source>
        <translation>Ditandatangani dengan cap tampak ke %1.</translation>
    </message>
    <message>
        <source>Signed into %1.</source>
        <translation>Ditandatangani ke %1.</translation>
    </message>
    <message>
        <source>A folder is being verified; cancel it first.</source>
        <translation>Sebuah folder sedang diverifikasi; hentikan dulu.</translation>
    </message>
    <message>
        <source>Looking for PDF and .p7s files…</source>
        <translation>Mencari berkas PDF dan .p7s…</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s): </source>
        <translation>
            <numerusform>%n berkas: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n file(s).</source>
        <translation>
            <numerusform>Dihentikan setelah %n berkas.</numerusform>
        </translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Dokumen PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Verify a folder</source>
        <translation>Verifikasi folder</translation>
    </message>
    <message>
        <source>Save the signed copy</source>
        <translation>Simpan salinan yang ditandatangani</translation>
    </message>
    <message>
        <source>&amp;Sign with stamp…</source>
        <translation>Tan&amp;datangani dengan cap…</translation>
    </message>
    <message>
        <source>Open document</source>
        <translation>Dokumen yang dibuka</translation>
    </message>
    <message>
        <source>Signing status</source>
        <translation>Status tanda tangan</translation>
    </message>
    <message numerus="yes">
        <source>%1 valid, %2 not valid (%3 failed, %4 undecided), %5 unreadable; %n signature(s).</source>
        <translation>
            <numerusform>%1 sah, %2 tidak sah (%3 gagal, %4 belum dapat dipastikan), %5 tidak terbaca; %n tanda tangan.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sandi::desktop::IdentityPage</name>
    <message>
        <source>Who uses this device</source>
        <translation>Pengguna perangkat ini</translation>
    </message>
    <message>
        <source>Sandi makes this device&apos;s keys here; they never leave it. The office CA certifies them from a certificate request made on the next page. The passphrase protects the keys and the history on this device: there is no way to recover it.</source>
        <translation>Sandi membuat kunci perangkat ini di sini; kunci tersebut tidak pernah keluar dari perangkat. CA instansi mensertifikasinya berdasarkan permintaan sertifikat yang dibuat pada halaman berikutnya. Frasa sandi melindungi kunci dan riwayat di perangkat ini: frasa sandi yang terlupa tidak dapat dipulihkan.</translation>
    </message>
    <message>
        <source>&amp;Name and device:</source>
        <translation>Nama &amp;dan perangkat:</translation>
    </message>
    <message>
        <source>e.g. Sri Wahyuni (laptop)</source>
        <translation>mis. Sri Wahyuni (laptop)</translation>
    </message>
    <message>
        <source>Name and device</source>
        <translation>Nama dan perangkat</translation>
    </message>
    <message>
        <source>&amp;NIP:</source>
        <translation>&amp;NIP:</translation>
    </message>
    <message>
        <source>NIP (18 digits)</source>
        <translation>NIP (18 digit)</translation>
    </message>
    <message>
        <source>P&amp;osition:</source>
        <translation>&amp;Jabatan:</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Jabatan</translation>
    </message>
    <message>
        <source>New &amp;passphrase:</source>
        <translation>&amp;Frasa sandi baru:</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Frasa sandi baru</translation>
    </message>
    <message>
        <source>&amp;Repeat the passphrase:</source>
        <translation>&amp;Ulangi frasa sandi:</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Ulangi frasa sandi</translation>
    </message>
    <message>
        <source>&amp;Create the request</source>
        <translation>&amp;Buat permintaan</translation>
    </message>
    <message>
        <source>The NIP has 18 digits.</source>
        <translation>NIP terdiri atas 18 digit.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Kedua frasa sandi tidak sama.</translation>
    </message>
    <message>
        <source>The store could not be created: %1</source>
        <translation>Penyimpanan tidak dapat dibuat: %1</translation>
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
    <message>
        <source>Pages</source>
        <translation>Halaman</translation>
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
    <message>
        <source>Only memos you sent can be exported as your signed nota dinas.</source>
        <translation>Hanya nota dinas yang Anda kirim yang dapat diekspor sebagai nota dinas bertanda tangan Anda.</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::Passphrase</name>
    <message>
        <source>Too short: at least %1 characters.</source>
        <translation>Terlalu pendek: sedikitnya %1 karakter.</translation>
    </message>
    <message>
        <source>Weak: a longer passphrase (several words) is much harder to guess.</source>
        <translation>Lemah: frasa sandi yang lebih panjang (beberapa kata) jauh lebih sulit ditebak.</translation>
    </message>
    <message>
        <source>Fair.</source>
        <translation>Cukup.</translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation>Kuat.</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::PdfPageCanvas</name>
    <message>
        <source>Page preview</source>
        <translation>Pratinjau halaman</translation>
    </message>
    <message>
        <source>Signature stamp</source>
        <translation>Cap tanda tangan</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::PdfView</name>
    <message>
        <source>◀</source>
        <translation>◀</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Halaman sebelumnya</translation>
    </message>
    <message>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Halaman berikutnya</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Perkecil</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Perbesar</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Sesuaikan lebar</translation>
    </message>
    <message>
        <source>Fit the page&apos;s width</source>
        <translation>Sesuaikan dengan lebar halaman</translation>
    </message>
    <message>
        <source>Draw stamp</source>
        <translation>Gambar cap</translation>
    </message>
    <message>
        <source>Draw the signature stamp&apos;s rectangle on the page</source>
        <translation>Gambar kotak cap tanda tangan pada halaman</translation>
    </message>
    <message>
        <source>Default stamp position</source>
        <translation>Posisi cap bawaan</translation>
    </message>
    <message>
        <source>Put the signature stamp at the bottom right of this page</source>
        <translation>Letakkan cap tanda tangan di kanan bawah halaman ini</translation>
    </message>
    <message>
        <source>Remove stamp</source>
        <translation>Hapus cap</translation>
    </message>
    <message>
        <source>Remove the signature stamp</source>
        <translation>Hapus cap tanda tangan</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>Nomor halaman</translation>
    </message>
    <message>
        <source>Signature stamp position</source>
        <translation>Posisi cap tanda tangan</translation>
    </message>
    <message>
        <source>The file cannot be read as a PDF.</source>
        <translation>Berkas tidak dapat dibaca sebagai PDF.</translation>
    </message>
    <message>
        <source>The PDF is password-protected; Sandi does not sign encrypted PDFs.</source>
        <translation>PDF ini dilindungi kata sandi; Sandi tidak menandatangani PDF terenkripsi.</translation>
    </message>
    <message>
        <source>The PDF has no pages.</source>
        <translation>PDF ini tidak memiliki halaman.</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>dari %1</translation>
    </message>
    <message>
        <source>Drag a rectangle on the page for the signature stamp (Esc to stop).</source>
        <translation>Seret kotak pada halaman untuk cap tanda tangan (Esc untuk berhenti).</translation>
    </message>
    <message>
        <source>No visible stamp.</source>
        <translation>Tanpa cap tampak.</translation>
    </message>
    <message>
        <source>Stamp on page %1: %2 × %3 pt at (%4, %5) from the lower left</source>
        <translation>Cap di halaman %1: %2 × %3 pt pada (%4, %5) dari kiri bawah</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::PlainText</name>
    <message>
        <source>attachment</source>
        <translation>lampiran</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::RelayPage</name>
    <message>
        <source>The relay</source>
        <translation>Relay</translation>
    </message>
    <message>
        <source>The province&apos;s relay carries the encrypted memos. Enter its address as wss://HOST:PORT (one per line if there are several), and test it: Sandi connects with this device&apos;s certificate.</source>
        <translation>Relay provinsi menyalurkan nota dinas yang terenkripsi. Masukkan alamatnya dalam bentuk wss://HOST:PORT (satu per baris jika lebih dari satu), lalu uji: Sandi terhubung dengan sertifikat perangkat ini.</translation>
    </message>
    <message>
        <source>Relay addresses, one per line</source>
        <translation>Alamat relay, satu per baris</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Uji</translation>
    </message>
    <message>
        <source>Test the connection to the relay</source>
        <translation>Uji koneksi ke relay</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Menghubungkan…</translation>
    </message>
    <message>
        <source>Connected to %1: the relay accepts this device.</source>
        <translation>Terhubung ke %1: relay menerima perangkat ini.</translation>
    </message>
    <message>
        <source>The relay test failed: %1</source>
        <translation>Uji relay gagal: %1</translation>
    </message>
    <message>
        <source>No relay address given.</source>
        <translation>Alamat relay belum diisi.</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::RelayProbe</name>
    <message>
        <source>The relay %1 did not answer in time.</source>
        <translation>Relay %1 tidak menjawab tepat waktu.</translation>
    </message>
    <message>
        <source>No relay address given.</source>
        <translation>Alamat relay belum diisi.</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::ReportModel</name>
    <message>
        <source>None</source>
        <translation>Tidak ada</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Diizinkan</translation>
    </message>
    <message>
        <source>Disallowed</source>
        <translation>Tidak diizinkan</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Tanda tangan</translation>
    </message>
    <message>
        <source>Document time-stamp</source>
        <translation>Penanda waktu dokumen</translation>
    </message>
    <message>
        <source>Detached signature</source>
        <translation>Tanda tangan terpisah</translation>
    </message>
    <message>
        <source>Certification signature (P=%1)</source>
        <translation>Tanda tangan sertifikasi (P=%1)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation>Tidak sah</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Tidak terbaca</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Sah</translation>
    </message>
    <message>
        <source>Time-stamp authority</source>
        <translation>Otoritas penanda waktu</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>Penanda tangan</translation>
    </message>
    <message>
        <source>(unknown signer)</source>
        <translation>(penanda tangan tidak dikenal)</translation>
    </message>
    <message>
        <source>Certificate issuer</source>
        <translation>Penerbit sertifikat</translation>
    </message>
    <message>
        <source>Certificate serial number</source>
        <translation>Nomor seri sertifikat</translation>
    </message>
    <message>
        <source>Certificate validity</source>
        <translation>Masa berlaku sertifikat</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 sampai %2</translation>
    </message>
    <message>
        <source>NIP (subject serial number)</source>
        <translation>NIP (nomor seri subjek)</translation>
    </message>
    <message>
        <source>Signing time (claimed)</source>
        <translation>Waktu penandatanganan (diklaim)</translation>
    </message>
    <message>
        <source>Time-stamp (proven)</source>
        <translation>Penanda waktu (terbukti)</translation>
    </message>
    <message>
        <source>Sub-filter</source>
        <translation>Subfilter</translation>
    </message>
    <message>
        <source>Covers the whole document</source>
        <translation>Mencakup seluruh dokumen</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <source>Modifications after signing</source>
        <translation>Perubahan setelah penandatanganan</translation>
    </message>
    <message>
        <source>Revoked after signing</source>
        <translation>Dicabut setelah penandatanganan</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Masalah</translation>
    </message>
    <message>
        <source>Changes after signing</source>
        <translation>Daftar perubahan setelah penandatanganan</translation>
    </message>
    <message>
        <source>Allowed: %1</source>
        <translation>Diizinkan: %1</translation>
    </message>
    <message>
        <source>Disallowed: %1</source>
        <translation>Tidak diizinkan: %1</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <translation>%1 [%2]</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Signature or finding</source>
        <translation>Tanda tangan atau temuan</translation>
    </message>
    <message>
        <source>Verdict, value or code</source>
        <translation>Hasil, nilai atau kode</translation>
    </message>
    <message>
        <source>Indication</source>
        <translation>Indikasi</translation>
    </message>
    <message>
        <source>Not valid (undecided)</source>
        <translation>Tidak sah (belum dapat dipastikan)</translation>
    </message>
    <message>
        <source>Trust anchor</source>
        <translation>Jangkar kepercayaan</translation>
    </message>
    <message>
        <source>(none reached)</source>
        <translation>(tidak tercapai)</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::SettingsDialog</name>
    <message>
        <source>Trust anchors</source>
        <translation>Jangkar kepercayaan</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Sertifikat (*.pem *.crt *.cer);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Certificate revocation lists</source>
        <translation>Daftar pencabutan sertifikat (CRL)</translation>
    </message>
    <message>
        <source>CRLs (*.pem *.crl);;All files (*)</source>
        <translation>CRL (*.pem *.crl);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Umum</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Koneksi</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Frasa sandi</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Bahasa:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Lock after &amp;idle time:</source>
        <translation>Kunci setelah tidak &amp;aktif:</translation>
    </message>
    <message>
        <source>Lock after this many idle minutes (0: never)</source>
        <translation>Kunci setelah sekian menit tidak aktif (0: tidak pernah)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> menit</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Tidak pernah</translation>
    </message>
    <message>
        <source>&amp;Relays:</source>
        <translation>&amp;Relay:</translation>
    </message>
    <message>
        <source>Relay addresses, one per line</source>
        <translation>Alamat relay, satu per baris</translation>
    </message>
    <message>
        <source>Trust &amp;anchors:</source>
        <translation>&amp;Jangkar kepercayaan:</translation>
    </message>
    <message>
        <source>Trust anchors of this store</source>
        <translation>Jangkar kepercayaan di penyimpanan ini</translation>
    </message>
    <message>
        <source>Add &amp;trust anchors:</source>
        <translation>Tambah ja&amp;ngkar kepercayaan:</translation>
    </message>
    <message>
        <source>Trust anchor files to add, separated by semicolons</source>
        <translation>Berkas jangkar kepercayaan yang ditambahkan, dipisahkan dengan titik koma</translation>
    </message>
    <message>
        <source>New C&amp;RLs:</source>
        <translation>CR&amp;L baru:</translation>
    </message>
    <message>
        <source>CRL files that replace the stored ones, separated by semicolons</source>
        <translation>Berkas CRL pengganti CRL yang tersimpan, dipisahkan dengan titik koma</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Choose files</source>
        <translation>Pilih berkas</translation>
    </message>
    <message>
        <source>Store pa&amp;ssphrase:</source>
        <translation>Frasa sandi &amp;penyimpanan:</translation>
    </message>
    <message>
        <source>Store passphrase, to apply the changes</source>
        <translation>Frasa sandi penyimpanan, untuk menerapkan perubahan</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>Ter&amp;apkan</translation>
    </message>
    <message>
        <source>Apply the connection changes</source>
        <translation>Terapkan perubahan koneksi</translation>
    </message>
    <message>
        <source>C&amp;urrent passphrase:</source>
        <translation>Frasa sandi &amp;saat ini:</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>Frasa sandi saat ini</translation>
    </message>
    <message>
        <source>&amp;New passphrase:</source>
        <translation>Frasa sandi &amp;baru:</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Frasa sandi baru</translation>
    </message>
    <message>
        <source>R&amp;epeat the new passphrase:</source>
        <translation>Ula&amp;ngi frasa sandi baru:</translation>
    </message>
    <message>
        <source>Repeat the new passphrase</source>
        <translation>Ulangi frasa sandi baru</translation>
    </message>
    <message>
        <source>C&amp;hange the passphrase</source>
        <translation>&amp;Ganti frasa sandi</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>Ganti frasa sandi</translation>
    </message>
    <message>
        <source>At least one relay address is needed.</source>
        <translation>Diperlukan sedikitnya satu alamat relay.</translation>
    </message>
    <message>
        <source>Enter the store passphrase to apply the changes.</source>
        <translation>Masukkan frasa sandi penyimpanan untuk menerapkan perubahan.</translation>
    </message>
    <message>
        <source>The store passphrase is not correct.</source>
        <translation>Frasa sandi penyimpanan salah.</translation>
    </message>
    <message>
        <source>The changes were not applied: %1</source>
        <translation>Perubahan tidak diterapkan: %1</translation>
    </message>
    <message>
        <source>Saved. Sandi reconnected with the new settings.</source>
        <translation>Tersimpan. Sandi tersambung kembali dengan pengaturan baru.</translation>
    </message>
    <message>
        <source>Enter the current and the new passphrase.</source>
        <translation>Masukkan frasa sandi saat ini dan frasa sandi baru.</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>Kedua frasa sandi baru tidak sama.</translation>
    </message>
    <message>
        <source>The current passphrase is not correct.</source>
        <translation>Frasa sandi saat ini salah.</translation>
    </message>
    <message>
        <source>The passphrase was not changed: %1</source>
        <translation>Frasa sandi tidak diganti: %1</translation>
    </message>
    <message>
        <source>The passphrase was changed.</source>
        <translation>Frasa sandi telah diganti.</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Halaman pengaturan</translation>
    </message>
    <message>
        <source>Close settings</source>
        <translation>Tutup pengaturan</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::SetupWizard</name>
    <message>
        <source>Set up Sandi</source>
        <translation>Penyiapan Sandi</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Cancel the setup</source>
        <translation>Batalkan penyiapan</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Bantuan</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Lanjutkan</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::SignerPage</name>
    <message>
        <source>Signing key</source>
        <translation>Kunci tanda tangan</translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx);;All files (*)</source>
        <translation>Berkas PKCS#12 (*.p12 *.pfx);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>PKCS#11 module</source>
        <translation>Modul PKCS#11</translation>
    </message>
    <message>
        <source>Libraries (*.so*);;All files (*)</source>
        <translation>Pustaka (*.so*);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>The token&apos;s certificate</source>
        <translation>Sertifikat token</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Sertifikat (*.pem *.crt *.cer);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>The signing key</source>
        <translation>Kunci tanda tangan</translation>
    </message>
    <message>
        <source>Documents and memos are signed with the official&apos;s signing certificate from the office CA: a PKCS#12 file (kept in the store under its own passphrase, asked for when signing) or a USB token (its PIN is asked for when signing, never kept).</source>
        <translation>Dokumen dan nota dinas ditandatangani dengan sertifikat tanda tangan elektronik pejabat dari CA instansi: berkas PKCS#12 (disimpan di penyimpanan dengan frasa sandinya sendiri, yang ditanyakan saat menandatangani) atau token USB (PIN-nya ditanyakan saat menandatangani dan tidak pernah disimpan).</translation>
    </message>
    <message>
        <source>&amp;Later (no signing key now)</source>
        <translation>&amp;Nanti saja (belum ada kunci tanda tangan)</translation>
    </message>
    <message>
        <source>Set up the signing key later</source>
        <translation>Siapkan kunci tanda tangan nanti</translation>
    </message>
    <message>
        <source>PKCS#12 &amp;file from the office CA</source>
        <translation>&amp;Berkas PKCS#12 dari CA instansi</translation>
    </message>
    <message>
        <source>Signing key from a PKCS#12 file</source>
        <translation>Kunci tanda tangan dari berkas PKCS#12</translation>
    </message>
    <message>
        <source>PKCS#11 &amp;token</source>
        <translation>&amp;Token PKCS#11</translation>
    </message>
    <message>
        <source>Signing key on a PKCS#11 token</source>
        <translation>Kunci tanda tangan pada token PKCS#11</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Berkas:</translation>
    </message>
    <message>
        <source>PKCS#12 file</source>
        <translation>Berkas PKCS#12</translation>
    </message>
    <message>
        <source>Its passphrase:</source>
        <translation>Frasa sandinya:</translation>
    </message>
    <message>
        <source>Passphrase of the PKCS#12 file</source>
        <translation>Frasa sandi berkas PKCS#12</translation>
    </message>
    <message>
        <source>Module:</source>
        <translation>Modul:</translation>
    </message>
    <message>
        <source>PKCS#11 module library</source>
        <translation>Pustaka modul PKCS#11</translation>
    </message>
    <message>
        <source>Token label:</source>
        <translation>Label token:</translation>
    </message>
    <message>
        <source>Token label</source>
        <translation>Label token</translation>
    </message>
    <message>
        <source>Key label:</source>
        <translation>Label kunci:</translation>
    </message>
    <message>
        <source>Key label on the token</source>
        <translation>Label kunci pada token</translation>
    </message>
    <message>
        <source>Certificate file:</source>
        <translation>Berkas sertifikat:</translation>
    </message>
    <message>
        <source>only if the token holds no certificate</source>
        <translation>hanya jika token tidak menyimpan sertifikat</translation>
    </message>
    <message>
        <source>Signing certificate file, for a token that holds only the key</source>
        <translation>Berkas sertifikat tanda tangan elektronik, untuk token yang hanya menyimpan kunci</translation>
    </message>
    <message>
        <source>PIN (to test):</source>
        <translation>PIN (untuk pengujian):</translation>
    </message>
    <message>
        <source>Token PIN, to test the token</source>
        <translation>PIN token, untuk menguji token</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Pilih berkas</translation>
    </message>
    <message>
        <source>The passphrase of the PKCS#12 file is not correct.</source>
        <translation>Frasa sandi berkas PKCS#12 salah.</translation>
    </message>
    <message>
        <source>The PIN is not correct.</source>
        <translation>PIN salah.</translation>
    </message>
    <message>
        <source>The signing key could not be opened: %1</source>
        <translation>Kunci tanda tangan tidak dapat dibuka: %1</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::SigningKey</name>
    <message>
        <source>No signing key</source>
        <translation>Tidak ada kunci tanda tangan</translation>
    </message>
    <message>
        <source>No signing certificate is set up on this computer. Import your PKCS#12 file or choose your token in Settings.</source>
        <translation>Belum ada sertifikat tanda tangan elektronik yang disiapkan di komputer ini. Impor berkas PKCS#12 Anda atau pilih token Anda di Pengaturan.</translation>
    </message>
    <message>
        <source>Open the signing key</source>
        <translation>Buka kunci tanda tangan</translation>
    </message>
    <message>
        <source>Enter the PIN of your token to sign.</source>
        <translation>Masukkan PIN token Anda untuk menandatangani.</translation>
    </message>
    <message>
        <source>Enter the passphrase of your signing certificate (PKCS#12).</source>
        <translation>Masukkan frasa sandi sertifikat tanda tangan elektronik Anda (PKCS#12).</translation>
    </message>
    <message>
        <source>Token PIN</source>
        <translation>PIN token</translation>
    </message>
    <message>
        <source>Passphrase of the signing key</source>
        <translation>Frasa sandi kunci tanda tangan</translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation>&amp;PIN:</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Frasa sandi:</translation>
    </message>
    <message>
        <source>That is not the right passphrase or PIN.</source>
        <translation>Frasa sandi atau PIN tidak benar.</translation>
    </message>
    <message>
        <source>The signing key could not be opened: %1</source>
        <translation>Kunci tanda tangan tidak dapat dibuka: %1</translation>
    </message>
    <message>
        <source>Cancel signing</source>
        <translation>Batalkan penandatanganan</translation>
    </message>
</context>
<context>
    <name>sandi::desktop::UnlockDialog</name>
    <message>
        <source>Unlock Sandi</source>
        <translation>Buka kunci Sandi</translation>
    </message>
    <message>
        <source>Sandi is locked</source>
        <translation>Sandi terkunci</translation>
    </message>
    <message>
        <source>&amp;Passphrase of this device&apos;s store:</source>
        <translation>&amp;Frasa sandi penyimpanan perangkat ini:</translation>
    </message>
    <message>
        <source>Store passphrase</source>
        <translation>Frasa sandi penyimpanan</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Buka kunci</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>K&amp;eluar</translation>
    </message>
    <message>
        <source>Quit Sandi</source>
        <translation>Keluar dari Sandi</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>Masukkan frasa sandi.</translation>
    </message>
    <message>
        <source>Opening the store…</source>
        <translation>Membuka penyimpanan…</translation>
    </message>
    <message>
        <source>The store could not be opened: %1</source>
        <translation>Penyimpanan tidak dapat dibuka: %1</translation>
    </message>
    <message>
        <source>The passphrase is not correct.</source>
        <translation>Frasa sandi salah.</translation>
    </message>
    <message numerus="yes">
        <source>The passphrase is not correct. Wait %n second(s) before the next attempt.</source>
        <translation>
            <numerusform>Frasa sandi salah. Tunggu %n detik sebelum mencoba lagi.</numerusform>
        </translation>
    </message>
    <message>
        <source>The passphrase is not correct. Try again.</source>
        <translation>Frasa sandi salah. Coba lagi.</translation>
    </message>
</context>
</TS>
