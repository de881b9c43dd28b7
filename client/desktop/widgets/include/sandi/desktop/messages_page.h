// SPDX-License-Identifier: GPL-3.0-or-later
// The conversations page: the search field and the conversations grouped by office on the
// left, the memos of the chosen conversation in the middle, the memo card on the right.
// Opening an unread incoming memo marks it read (and sends the read receipt).
#pragma once

#include "sandi/desktop/compose_dialog.h"
#include "sandi/desktop/conversation_model.h"
#include "sandi/desktop/memo_card.h"
#include "sandi/desktop/memo_list_model.h"
#include "sandi/desktop/session.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QTreeView;

namespace sandi::desktop {

inline constexpr int kSearchDelayMs = 300; // typing pauses this long before the history is searched

class MessagesPage final : public QWidget {
    Q_OBJECT
  public:
    // Gives the signer for a memo to be signed (may ask for the signing key's passphrase),
    // or nullptr if the user cancelled or no signing key is set up.
    using SignerProvider = std::function<std::shared_ptr<crypto::Signer>(QWidget* parent)>;
    using MemoExporter = std::function<void(QWidget* parent, const MemoView& memo)>;
    using Notifier = std::function<void(const NotificationText& text)>;

    MessagesPage(Session& session, History& history, QWidget* parent = nullptr);

    void setSignerProvider(SignerProvider provider) { m_signerProvider = std::move(provider); }
    void setPdfSigner(ComposeDialog::PdfSigner signer) { m_pdfSigner = std::move(signer); }
    void setMemoExporter(MemoExporter exporter);
    void setNotifier(Notifier notifier) { m_notifier = std::move(notifier); }

    [[nodiscard]] ConversationModel& conversations() noexcept { return m_conversations; }
    [[nodiscard]] MemoListModel& memos() noexcept { return m_memos; }
    [[nodiscard]] MemoCard* card() const noexcept { return m_card; }
    [[nodiscard]] const QVector<ContactView>& contacts() const noexcept { return m_contacts; }

    // What the buttons do after their dialogs (tests call these directly).
    void openConversation(const QString& key);
    void openMemo(const QString& memoId);
    // Opens the compose dialog (non-modal); the Draft is sent when it is accepted.
    ComposeDialog* compose();
    void send(const Draft& draft);
    void saveAttachment(const QString& memoId, int index, const QString& path);
    void showContact(const QString& nip);

  signals:
    void unreadChanged(int total);
    void sendFailed(const QString& error);
    void attachmentSaved(const QString& path, bool ok, const QString& error);

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void runSearch();
    void onMemoArrived(const MemoView& memo);

    QPointer<Session> m_session; // null once the app locked (the page may outlive it briefly)
    History& m_history;
    ConversationModel m_conversations;
    MemoListModel m_memos;
    QVector<ContactView> m_contacts;
    QVector<GroupView> m_groups;
    QLineEdit* m_search;
    QTreeView* m_conversationView;
    QListView* m_memoView;
    MemoCard* m_card;
    QPushButton* m_compose;
    QPushButton* m_export;
    QPushButton* m_contact;
    QLabel* m_status;
    QTimer m_searchDelay;
    SignerProvider m_signerProvider;
    ComposeDialog::PdfSigner m_pdfSigner;
    MemoExporter m_exporter;
    Notifier m_notifier;
    std::map<quint64, QString> m_attachmentRequests; // request → path
};

} // namespace sandi::desktop
