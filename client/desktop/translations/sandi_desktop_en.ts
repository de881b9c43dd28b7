<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Select All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Step up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Look in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QGnomeTheme</name>
    <message>
        <source>&amp;OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select All</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select All</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <source>&lt; &amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop</name>
    <message>
        <source>The relay gave no certificate for this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate in its chain is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::AttachmentList</name>
    <message>
        <source>Attached files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop files here to attach them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already attached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>At most %n files can be attached.</source>
        <translation>
            <numerusform>At most %n file can be attached.</numerusform>
            <numerusform>At most %n files can be attached.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::ComposeDialog</name>
    <message>
        <source>&amp;Add file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach a &amp;signed PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;gn this memo with my signing certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No device of this official has a valid certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no group: the officials checked above)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To (as written on the memo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments (as written on the memo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text of the memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach a signed PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign this memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separate several with ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filled in from the recipients; separate several with ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ordinary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Very urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ordinary (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restricted (T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidential (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret (SR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign and attach a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recipients:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or &amp;group:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Urgency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lassification:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach&amp;ments:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Su&amp;bject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;elete after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose at least one recipient or a group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The memo needs a subject.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The memo has no text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 can no longer be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::ContactDialog</name>
    <message>
        <source>Valid until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid before %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I &amp;compared this safety number with the official in person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Official: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Office:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIP:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices and their certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code of the safety number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safety number compared in person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the safety number (or scan the QR code) with the one the official&apos;s own Sandi shows for you. If they match, nobody stands between your devices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No safety number: this device&apos;s certificate is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safety number %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::ConversationModel</name>
    <message>
        <source>Other officials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, %n unread memo(s)</source>
        <translation>
            <numerusform>%1, %n unread memo</numerusform>
            <numerusform>%1, %n unread memos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sandi::desktop::MainWindow</name>
    <message numerus="yes">
        <source>%n memo(s) waiting</source>
        <translation>
            <numerusform>%n memo waiting</numerusform>
            <numerusform>%n memos waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Sandi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memos (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1) Sandi — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandi — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Connected to the relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Connecting to the relay…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection to the relay</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::MemoCard</name>
    <message>
        <source>Memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a memo to read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 memo: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MEMORANDUM (NOTA DINAS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed; the signature is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed, but the signature is NOT valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · composed %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted after %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::MemoListModel</name>
    <message>
        <source>[%1] %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ordinary (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restricted (T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidential (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret (SR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Very urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ordinary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1 memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Sandi to read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New memo from %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::MessagesPage</name>
    <message numerus="yes">
        <source>%n memo(s) found for &quot;%1&quot;.</source>
        <translation>
            <numerusform>%n memo found for &quot;%1&quot;.</numerusform>
            <numerusform>%n memos found for &quot;%1&quot;.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the attached file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay accepted the memo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The memo was not sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n memo(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n memo waiting to be sent.</numerusform>
            <numerusform>%n memos waiting to be sent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Search the memos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the memos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations by office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memos of the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export as signed PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the memo as a signed PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Official&apos;s details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details of the official</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The memo was not sent: it was to be signed, but no signing key was opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: the memo waits and is sent when the relay is reachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The directory does not list NIP %1 (any more).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
