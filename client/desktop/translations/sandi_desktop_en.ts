<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>App</name>
    <message>
        <source>Sandi: encrypted memos and signed documents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account&apos;s store directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DIR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the store passphrase from FILE (for scripts and the demo).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language: id or en.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LANG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the settings in this INI file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoDocuments</name>
    <message>
        <source>Export the memo as a signed PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memo exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed nota dinas was saved as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memo not exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF not signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be signed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <name>QTabBar</name>
    <message>
        <source>Scroll Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scroll Right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close Tab</source>
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
    <message>
        <source>The list of memos waiting to be sent could not be read; it was kept aside in the history database.</source>
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
    <name>sandi::desktop::BulkVerifyModel</name>
    <message>
        <source>Pending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::CertificatePage</name>
    <message>
        <source>Device certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust anchors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate revocation lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRLs (*.pem *.crl);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take this certificate request to the office CA (as a file, or copied into a message to the CA&apos;s operator). The CA issues the device certificate from it; then choose that file here with the CA&apos;s trust anchor (the root certificate) and its CRLs. You can close Sandi now and come back to this page later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the certificate request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the certificate request as a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store &amp;passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device &amp;certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust anchors:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust anchor files, separated by semicolons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;RLs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRL files, separated by semicolons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Complete the account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate request cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the certificate request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate requests (*.csr *.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase is not correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate was not accepted: %1</source>
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
    <message>
        <source>Send the memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the memo</source>
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
    <message>
        <source>Close the official&apos;s details</source>
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
    <name>sandi::desktop::DesktopApp</name>
    <message>
        <source>Sandi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::DocumentsPage</name>
    <message>
        <source>&amp;Open PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify every PDF and .p7s file in a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign this document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Invisible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Visible stamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign the document into a copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder to verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop verifying the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a PDF, or drop a PDF or a folder here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invisible signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible signature stamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason for signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place of signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Baubau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No PDF or .p7s file was found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Verifying %n file(s)…</source>
        <translation>
            <numerusform>Verifying %n file…</numerusform>
            <numerusform>Verifying %n files…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n signature(s)</source>
        <translation>
            <numerusform>%1 — %n signature</numerusform>
            <numerusform>%1 — %n signatures</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a PDF first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the signed copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed copy must be a new file: the original is kept as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw the stamp&apos;s rectangle on the page first (or choose Default stamp position).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed: no signing key was opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed with a visible stamp into %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed into %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A folder is being verified; cancel it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for PDF and .p7s files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s): </source>
        <translation>
            <numerusform>%n file: </numerusform>
            <numerusform>%n files: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n file(s).</source>
        <translation>
            <numerusform>Cancelled after %n file.</numerusform>
            <numerusform>Cancelled after %n files.</numerusform>
        </translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the signed copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign with stamp…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing status</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 valid, %2 not valid (%3 failed, %4 undecided), %5 unreadable; %n signature(s).</source>
        <translation>
            <numerusform>%1 valid, %2 not valid (%3 failed, %4 undecided), %5 unreadable; %n signature.</numerusform>
            <numerusform>%1 valid, %2 not valid (%3 failed, %4 undecided), %5 unreadable; %n signatures.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sandi::desktop::IdentityPage</name>
    <message>
        <source>Who uses this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandi makes this device&apos;s keys here; they never leave it. The office CA certifies them from a certificate request made on the next page. The passphrase protects the keys and the history on this device: there is no way to recover it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name and device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Sri Wahyuni (laptop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name and device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;NIP:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIP (18 digits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;osition:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat the passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The NIP has 18 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store could not be created: %1</source>
        <translation type="unfinished"></translation>
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
    <message>
        <source>Pages</source>
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
    <message>
        <source>Only memos you sent can be exported as your signed nota dinas.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::Passphrase</name>
    <message>
        <source>Too short: at least %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak: a longer passphrase (several words) is much harder to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fair.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::PdfPageCanvas</name>
    <message>
        <source>Page preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature stamp</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::PdfView</name>
    <message>
        <source>◀</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the page&apos;s width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw stamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw the signature stamp&apos;s rectangle on the page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default stamp position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the signature stamp at the bottom right of this page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove stamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the signature stamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature stamp position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be read as a PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF is password-protected; Sandi does not sign encrypted PDFs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF has no pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag a rectangle on the page for the signature stamp (Esc to stop).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No visible stamp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stamp on page %1: %2 × %3 pt at (%4, %5) from the lower left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::PlainText</name>
    <message>
        <source>attachment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::RelayPage</name>
    <message>
        <source>The relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The province&apos;s relay carries the encrypted memos. Enter its address as wss://HOST:PORT (one per line if there are several), and test it: Sandi connects with this device&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relay addresses, one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test the connection to the relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1: the relay accepts this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay test failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No relay address given.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::RelayProbe</name>
    <message>
        <source>The relay %1 did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No relay address given.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::ReportModel</name>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disallowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document time-stamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detached signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certification signature (P=%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time-stamp authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unknown signer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate validity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIP (subject serial number)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing time (claimed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time-stamp (proven)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sub-filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Covers the whole document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modifications after signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked after signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes after signing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disallowed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature or finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict, value or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid (undecided)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust anchor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none reached)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::SettingsDialog</name>
    <message>
        <source>Trust anchors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate revocation lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRLs (*.pem *.crl);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after &amp;idle time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after this many idle minutes (0: never)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Relays:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relay addresses, one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust &amp;anchors:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust anchors of this store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;trust anchors:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust anchor files to add, separated by semicolons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New C&amp;RLs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRL files that replace the stored ones, separated by semicolons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store pa&amp;ssphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store passphrase, to apply the changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply the connection changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;urrent passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;epeat the new passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat the new passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hange the passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least one relay address is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the store passphrase to apply the changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store passphrase is not correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The changes were not applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. Sandi reconnected with the new settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the current and the new passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current passphrase is not correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase was not changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::SetupWizard</name>
    <message>
        <source>Set up Sandi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::SignerPage</name>
    <message>
        <source>Signing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Libraries (*.so*);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token&apos;s certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents and memos are signed with the official&apos;s signing certificate from the office CA: a PKCS#12 file (kept in the store under its own passphrase, asked for when signing) or a USB token (its PIN is asked for when signing, never kept).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Later (no signing key now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up the signing key later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 &amp;file from the office CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing key from a PKCS#12 file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 &amp;token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing key on a PKCS#11 token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase of the PKCS#12 file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Module:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 module library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key label on the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only if the token holds no certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing certificate file, for a token that holds only the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN (to test):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token PIN, to test the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase of the PKCS#12 file is not correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN is not correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing key could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::SigningKey</name>
    <message>
        <source>No signing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No signing certificate is set up on this computer. Import your PKCS#12 file or choose your token in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the signing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the PIN of your token to sign.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase of your signing certificate (PKCS#12).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase of the signing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is not the right passphrase or PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signing key could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel signing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sandi::desktop::UnlockDialog</name>
    <message>
        <source>Unlock Sandi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandi is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase of this device&apos;s store:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit Sandi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the store…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase is not correct.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The passphrase is not correct. Wait %n second(s) before the next attempt.</source>
        <translation>
            <numerusform>The passphrase is not correct. Wait %n second before the next attempt.</numerusform>
            <numerusform>The passphrase is not correct. Wait %n seconds before the next attempt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The passphrase is not correct. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
