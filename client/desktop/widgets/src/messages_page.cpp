// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/messages_page.h"

#include "sandi/desktop/contact_dialog.h"

#include <QDir>
#include <QEvent>
#include <QPointer>
#include <QStandardPaths>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace sandi::desktop {

namespace {
// The last part of a file name from outside, without control or bidirectional-override
// characters (which could hide its real extension); "attachment" when nothing is left.
QString safeFileName(const QString& name)
{
    QString last = name;
    last.replace(QLatin1Char('\\'), QLatin1Char('/'));
    last = last.section(QLatin1Char('/'), -1);
    QString out;
    for (const QChar c : last) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || (u >= 0x7f && u < 0xa0);
        const bool bidi = u == 0x200e || u == 0x200f || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
        if (!control && !bidi) out += c;
    }
    if (out == u"." || out == u"..") out.clear();
    return out.isEmpty() ? QStringLiteral("attachment") : out;
}
} // namespace

MessagesPage::MessagesPage(Session& session, History& history, QWidget* parent)
    : QWidget(parent), m_session(&session), m_history(history), m_conversations(history), m_memos(history),
      m_search(new QLineEdit(this)), m_conversationView(new QTreeView(this)), m_memoView(new QListView(this)),
      m_card(new MemoCard(this)), m_compose(new QPushButton(this)), m_export(new QPushButton(this)),
      m_contact(new QPushButton(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("messagesPage"));
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setClearButtonEnabled(true);
    m_conversationView->setObjectName(QStringLiteral("conversations"));
    m_conversationView->setModel(&m_conversations);
    m_conversationView->setHeaderHidden(true);
    m_conversationView->setUniformRowHeights(true);
    m_conversationView->setExpandsOnDoubleClick(false);
    m_memoView->setObjectName(QStringLiteral("memoList"));
    m_memoView->setModel(&m_memos);
    m_memoView->setUniformItemSizes(true);
    m_compose->setObjectName(QStringLiteral("compose"));
    m_compose->setShortcut(QKeySequence::New);
    m_export->setObjectName(QStringLiteral("exportPdf"));
    m_export->setEnabled(false);
    m_contact->setObjectName(QStringLiteral("contactDetails"));
    m_contact->setEnabled(false);
    m_status->setObjectName(QStringLiteral("messagesStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_conversationView, 1);
    leftLayout->addWidget(m_compose);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_card, 1);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_contact);
    actions->addStretch();
    actions->addWidget(m_export);
    rightLayout->addLayout(actions);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(m_memoView);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 5);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    setTabOrder(m_search, m_conversationView);
    setTabOrder(m_conversationView, m_memoView);
    setTabOrder(m_memoView, m_card);
    setTabOrder(m_card, m_contact);
    setTabOrder(m_contact, m_export);
    setTabOrder(m_export, m_compose);
    retranslate();

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(kSearchDelayMs);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        runSearch();
    });
    connect(&m_searchDelay, &QTimer::timeout, this, &MessagesPage::runSearch);
    connect(m_session, &Session::searchFinished, this, [this](const QString& text, const QStringList& ids) {
        if (text != m_search->text().trimmed()) return; // an older search
        m_memos.setSearchResults(ids);
        m_status->setText(tr("%n memo(s) found for \"%1\".", nullptr, static_cast<int>(ids.size())).arg(text));
    });

    connect(m_conversationView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                const QString key = current.data(ConversationModel::KeyRole).toString();
                if (!key.isEmpty()) openConversation(key);
            });
    connect(m_memoView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) openMemo(current.data(MemoListModel::IdRole).toString());
            });
    connect(&m_conversations, &QAbstractItemModel::modelReset, m_conversationView, &QTreeView::expandAll);
    connect(m_compose, &QPushButton::clicked, this, [this] { compose(); });
    connect(m_contact, &QPushButton::clicked, this, [this] {
        const QString key = m_memos.conversation();
        if (key.startsWith(QStringLiteral("nip:"))) showContact(key.mid(4));
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        if (const MemoView* m = m_history.find(m_card->memoId()); m && m_exporter) m_exporter(this, *m);
    });
    connect(m_card, &MemoCard::attachmentRequested, this, [this](const QString& id, int index) {
        const MemoView* m = m_history.find(id);
        if (!m) return;
        QString name;
        for (const auto& a : m->attachments)
            if (a.index == index) name = a.name;
        // The sender chose the name: only its last part, without control or direction
        // characters, and in the Downloads folder (never a folder the name points to).
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
        const QPointer<MessagesPage> self(this);
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save the attached file"), QDir(folder).filePath(safeFileName(name)));
        if (self && !path.isEmpty()) saveAttachment(id, index, path);
    });

    connect(m_session, &Session::historyLoaded, this, [this](const QVector<MemoView>& memos) {
        m_history.setAll(memos);
        emit unreadChanged(m_history.unreadTotal());
    });
    connect(m_session, &Session::memoArrived, this, &MessagesPage::onMemoArrived);
    connect(m_session, &Session::memoChanged, this, [this](const MemoView& m) {
        m_history.upsert(m);
        if (m_card->memoId() == m.id) m_card->showMemo(m);
        emit unreadChanged(m_history.unreadTotal());
    });
    connect(m_session, &Session::contactsLoaded, this,
            [this](const QVector<ContactView>& contacts, const QVector<GroupView>& groups) {
                m_contacts = contacts;
                m_groups = groups;
                const QString current = m_memos.conversation();
                Session* live = m_session.data();
                if (live == nullptr) return;
                m_conversations.setDirectory(contacts, groups, QString::fromStdString(live->self().identity.nip));
                if (!current.isEmpty()) m_conversationView->setCurrentIndex(m_conversations.indexOfKey(current));
            });
    connect(m_session, &Session::sendFinished, this, [this](quint64, bool ok, const QString&, const QString& error) {
        if (ok) {
            m_status->setText(tr("The relay accepted the memo."));
        } else {
            m_status->setText(tr("The memo was not sent: %1").arg(error));
            emit sendFailed(error);
        }
    });
    connect(m_session, &Session::attachmentFetched, this, [this](quint64 request, bool ok, const QString& error) {
        auto it = m_attachmentRequests.find(request);
        if (it == m_attachmentRequests.end()) return;
        const QString path = it->second;
        m_attachmentRequests.erase(it);
        m_status->setText(ok ? tr("Saved %1.").arg(path) : tr("The file was not saved: %1").arg(error));
        emit attachmentSaved(path, ok, error);
    });
    connect(m_session, &Session::pendingSendsChanged, this, [this](int n) {
        if (n > 0) m_status->setText(tr("%n memo(s) waiting to be sent.", nullptr, n));
    });
    connect(m_session, &Session::problem, this, [this](const QString& text) { m_status->setText(text); });
}

void MessagesPage::setMemoExporter(MemoExporter exporter)
{
    m_exporter = std::move(exporter);
    m_export->setVisible(static_cast<bool>(m_exporter));
}

void MessagesPage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) retranslate();
}

void MessagesPage::retranslate()
{
    m_search->setPlaceholderText(tr("Search the memos…"));
    m_search->setAccessibleName(tr("Search the memos"));
    m_conversationView->setAccessibleName(tr("Conversations by office"));
    m_memoView->setAccessibleName(tr("Memos of the conversation"));
    m_compose->setText(tr("&New memo"));
    m_compose->setAccessibleName(tr("New memo"));
    m_export->setText(tr("&Export as signed PDF…"));
    m_export->setAccessibleName(tr("Export the memo as a signed PDF"));
    m_contact->setText(tr("&Official's details…"));
    m_contact->setAccessibleName(tr("Details of the official"));
}

void MessagesPage::onMemoArrived(const MemoView& memo)
{
    m_history.upsert(memo);
    emit unreadChanged(m_history.unreadTotal());
    if (!m_notifier || !memo.incoming) return;
    QString sender = memo.peerNip;
    if (const ContactView* c = m_conversations.contact(memo.peerNip)) sender = c->name;
    m_notifier(notificationFor(memo, sender));
}

void MessagesPage::runSearch()
{
    const QString text = m_search->text().trimmed();
    if (text.isEmpty())
        m_memos.setConversation(m_memos.conversation());
    else if (Session* session = m_session.data(); session != nullptr)
        session->search(text);
}

void MessagesPage::openConversation(const QString& key)
{
    if (!m_search->text().isEmpty()) {
        const QSignalBlocker block(m_search);
        m_search->clear();
    }
    m_memos.setConversation(key);
    const QModelIndex at = m_conversations.indexOfKey(key);
    if (at.isValid() && m_conversationView->currentIndex() != at) {
        const QSignalBlocker block(m_conversationView->selectionModel());
        m_conversationView->setCurrentIndex(at);
    }
    m_contact->setEnabled(key.startsWith(QStringLiteral("nip:")));
    m_card->clearMemo();
    m_export->setEnabled(false);
    if (m_memos.rowCount() > 0) m_memoView->setCurrentIndex(m_memos.index(m_memos.rowCount() - 1));
}

void MessagesPage::openMemo(const QString& memoId)
{
    const MemoView* m = m_history.find(memoId);
    if (!m) return;
    m_card->showMemo(*m);
    // Only a memo this official sent: the export signs it with this official's key, and a
    // received memo signed by the reader would look signed by someone who never signed it.
    m_export->setEnabled(!m->incoming);
    m_export->setToolTip(m->incoming ? tr("Only memos you sent can be exported as your signed nota dinas.")
                                     : QString());
    if (Session* session = m_session.data(); m->incoming && !m->read && session != nullptr) session->markRead(memoId);
}

ComposeDialog* MessagesPage::compose()
{
    Session* session = m_session.data();
    if (session == nullptr) return nullptr;
    auto* dialog = new ComposeDialog(m_contacts, m_groups, session->self(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_pdfSigner) dialog->setPdfSigner(m_pdfSigner);
    if (!m_memos.searching() && !m_memos.conversation().isEmpty()) dialog->setConversation(m_memos.conversation());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        Draft d = dialog->draft();
        if (dialog->signatureWanted()) {
            d.signer = m_signerProvider ? m_signerProvider(this) : nullptr;
            if (!d.signer) {
                m_status->setText(tr("The memo was not sent: it was to be signed, but no signing key was opened."));
                return;
            }
        }
        send(d);
    });
    dialog->show();
    return dialog;
}

void MessagesPage::send(const Draft& draft)
{
    Session* session = m_session.data();
    if (session == nullptr) return; // locked meanwhile
    session->send(draft);
    m_status->setText(session->connectionState() == ConnectionState::Online
                          ? tr("Sending…")
                          : tr("Not connected: the memo waits and is sent when the relay is reachable."));
}

void MessagesPage::saveAttachment(const QString& memoId, int index, const QString& path)
{
    Session* session = m_session.data();
    if (session == nullptr) return; // locked while the save dialog was open
    m_attachmentRequests[session->fetchAttachment(memoId, index, path)] = path;
    m_status->setText(tr("Fetching the file…"));
}

void MessagesPage::showContact(const QString& nip)
{
    const ContactView* c = m_conversations.contact(nip);
    if (!c) {
        m_status->setText(tr("The directory does not list NIP %1 (any more).").arg(nip));
        return;
    }
    auto* dialog = new ContactDialog(*c, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ContactDialog::verifiedChanged, m_session, &Session::setVerifiedInPerson);
    dialog->show();
}

} // namespace sandi::desktop
