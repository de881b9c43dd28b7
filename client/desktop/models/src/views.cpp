// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/views.h"

namespace sandi::desktop {
namespace {
QString q(const std::string& s)
{
    return QString::fromStdString(s);
}
QStringList qlist(const std::vector<std::string>& v)
{
    QStringList out;
    out.reserve(static_cast<qsizetype>(v.size()));
    for (const auto& s : v)
        out << q(s);
    return out;
}
} // namespace

QString MemoView::conversationKey() const
{
    if (!group.isEmpty()) return QStringLiteral("group:") + group;
    if (incoming) return QStringLiteral("nip:") + peerNip;
    return QStringLiteral("nip:") + (recipients.isEmpty() ? QString() : recipients.front());
}

MemoView MemoView::from(const client::StoredMemo& m)
{
    MemoView v;
    v.id = q(m.id);
    v.incoming = m.direction == client::Direction::Incoming;
    v.peerNip = q(m.peerNip);
    for (const auto& r : m.recipients)
        if (!r.starts_with("group:")) v.recipients << q(r);
    v.group = q(m.group);
    v.classification = q(m.classification);
    v.urgency = q(m.urgency);
    v.nomor = q(m.nomor);
    v.dari = q(m.dari);
    v.tanggal = q(m.tanggal);
    v.lampiran = q(m.lampiran);
    v.hal = q(m.hal);
    v.body = q(m.body);
    v.kepada = qlist(m.kepada);
    v.tembusan = qlist(m.tembusan);
    v.signerName = q(m.signerName);
    v.signerPosition = q(m.signerPosition);
    v.signerNip = q(m.signerNip);
    v.signedMemo = m.signedMemo;
    v.verdict = q(m.verdict);
    v.received = QDateTime::fromMSecsSinceEpoch(m.receivedAt);
    if (m.expiresAt) v.expires = QDateTime::fromSecsSinceEpoch(*m.expiresAt);
    v.read = m.readAt.has_value() || !v.incoming;
    v.state = m.state;
    for (const auto& a : m.attachments)
        v.attachments.push_back({a.index, q(a.name), q(a.mediaType), static_cast<qint64>(a.size)});
    return v;
}

bool ContactView::reachable() const
{
    for (const auto& d : devices)
        if (d.status == CertificateStatus::Valid) return true;
    return false;
}

} // namespace sandi::desktop
