// SPDX-License-Identifier: GPL-3.0-or-later
// One memo as a nota dinas card: the classification code large (R and SR in red), the
// urgency, the fields (Nomor, Kepada, Dari, Tembusan, Tanggal, Sifat, Lampiran, Hal), the
// body, the signer's position, name and NIP with the signature's verdict, the
// attachments (links that ask to save them) and the sent / delivered / read state.
// Every field is outside input: it is escaped, and the browser follows no link and loads
// no resource itself.
#pragma once

#include "sandi/desktop/views.h"

#include <QTextBrowser>

namespace sandi::desktop {

class MemoCard final : public QTextBrowser {
    Q_OBJECT
  public:
    explicit MemoCard(QWidget* parent = nullptr);
    void showMemo(const MemoView& memo);
    void clearMemo();
    [[nodiscard]] const QString& memoId() const noexcept { return m_id; }
    // The card's HTML for a memo (for tests and the screenshots).
    static QString html(const MemoView& memo);

  signals:
    void attachmentRequested(const QString& memoId, int index);

  protected:
    QVariant loadResource(int type, const QUrl& name) override; // nothing is loaded
    void changeEvent(QEvent* event) override;

  private:
    QString m_id;
    std::optional<MemoView> m_memo;
};

} // namespace sandi::desktop
