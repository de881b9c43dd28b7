// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/report_model.h"

#include "sandi/desktop/plain_text.h"
#include "sandi/desktop/theme.h"

#include "sandi/pki/ca_database.h"
#include "sandi/pki/x509.h"

#include <QBrush>
#include <QColor>

#include <vector>

namespace sandi::desktop {

struct ReportNode {
    ReportModel::RowKind kind = ReportModel::RowKind::Fact;
    ReportModel::Group group = ReportModel::Group::None;
    QString title;
    QString detail;
    QString code;
    std::optional<bool> valid;
    std::optional<bool> allowed;
    std::optional<crypto::Indication> indication;
    QString subIndication;
    int signature = -1;
    ReportNode* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<ReportNode>> children;

    ReportNode* add(std::unique_ptr<ReportNode> child)
    {
        child->parent = this;
        child->row = static_cast<int>(children.size());
        if (child->signature < 0) child->signature = signature;
        if (child->group == ReportModel::Group::None) child->group = group;
        children.push_back(std::move(child));
        return children.back().get();
    }
};

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

QString timeText(crypto::TimePoint t)
{
    return q(crypto::formatUtc(t));
}

std::unique_ptr<ReportNode> fact(const QString& title, const QString& detail)
{
    auto n = std::make_unique<ReportNode>();
    n->kind = ReportModel::RowKind::Fact;
    n->title = title;
    n->detail = detail;
    return n;
}

std::unique_ptr<ReportNode> finding(const crypto::Finding& f, bool valid)
{
    auto n = std::make_unique<ReportNode>();
    n->kind = ReportModel::RowKind::Finding;
    n->title = q(f.text);
    n->code = q(f.code);
    n->detail = n->code;
    n->valid = valid;
    return n;
}

std::unique_ptr<ReportNode> group(ReportModel::Group g, const QString& title, std::size_t count)
{
    auto n = std::make_unique<ReportNode>();
    n->kind = ReportModel::RowKind::Group;
    n->group = g;
    n->title = title;
    n->detail = QString::number(count);
    return n;
}

QString modificationsText(crypto::Modifications m)
{
    switch (m) {
    case crypto::Modifications::None:
        return ReportModel::tr("None");
    case crypto::Modifications::Allowed:
        return ReportModel::tr("Allowed");
    case crypto::Modifications::Disallowed:
        return ReportModel::tr("Disallowed");
    }
    return {};
}

std::unique_ptr<ReportNode> indicationFact(crypto::Indication indication, const std::string& sub)
{
    auto n = fact(ReportModel::tr("Indication"), indicationCodeText(indication, sub));
    n->indication = indication;
    n->subIndication = q(sub);
    return n;
}

} // namespace

QString indicationVerdictText(crypto::Indication indication)
{
    switch (indication) {
    case crypto::Indication::TotalPassed:
        return ReportModel::tr("Valid");
    case crypto::Indication::Indeterminate:
        return ReportModel::tr("Not valid (undecided)");
    case crypto::Indication::TotalFailed:
        return ReportModel::tr("Not valid");
    }
    return ReportModel::tr("Not valid");
}

QString indicationCodeText(crypto::Indication indication, const std::string& subIndication)
{
    const QString main = QString::fromLatin1(crypto::indicationName(indication));
    return subIndication.empty() ? main : main + QStringLiteral(" / ") + q(subIndication);
}

Tone indicationTone(crypto::Indication indication)
{
    switch (indication) {
    case crypto::Indication::TotalPassed:
        return Tone::Ok;
    case crypto::Indication::Indeterminate:
        return Tone::Warning;
    case crypto::Indication::TotalFailed:
        return Tone::Danger;
    }
    return Tone::Danger;
}

QString signatureKindText(const std::string& kind)
{
    if (kind == "signature") return ReportModel::tr("Signature");
    if (kind == "document time-stamp") return ReportModel::tr("Document time-stamp");
    if (kind == "detached CMS") return ReportModel::tr("Detached signature");
    if (kind.starts_with("certification (P=") && kind.size() == std::string_view("certification (P=N)").size())
        return ReportModel::tr("Certification signature (P=%1)").arg(QChar::fromLatin1(kind[kind.size() - 2]));
    return q(kind);
}

ReportModel::ReportModel(QObject* parent) : QAbstractItemModel(parent), m_root(std::make_unique<ReportNode>()) {}

ReportModel::~ReportModel() = default;

void ReportModel::setReport(client::FileReport report)
{
    beginResetModel();
    m_report = std::move(report);
    build();
    endResetModel();
}

void ReportModel::clear()
{
    beginResetModel();
    m_report.reset();
    build();
    endResetModel();
}

void ReportModel::build()
{
    m_root = std::make_unique<ReportNode>();
    if (!m_report) return;
    const client::FileReport& f = *m_report;

    if (!f.readable() || !f.problems.empty()) {
        auto file = std::make_unique<ReportNode>();
        file->kind = RowKind::File;
        file->group = Group::Problems;
        file->title = tr("File");
        const client::FileIndication fi = f.indication();
        file->detail = f.readable() ? indicationVerdictText(fi.indication) : tr("Unreadable");
        file->valid = false;
        file->indication = fi.indication;
        file->subIndication = q(fi.subIndication);
        ReportNode* fileNode = m_root->add(std::move(file));
        if (f.error) fileNode->add(finding({std::string(kUnreadableCode), f.error->message}, false));
        for (const auto& p : f.problems)
            fileNode->add(finding(p, false));
    }

    for (std::size_t i = 0; i < f.signatures.size(); ++i) {
        const crypto::SignatureReport& s = f.signatures[i];
        auto sig = std::make_unique<ReportNode>();
        sig->kind = RowKind::Signature;
        sig->signature = static_cast<int>(i);
        sig->title = s.field.empty() ? signatureKindText(s.kind) : signatureKindText(s.kind) + u' ' + q(s.field);
        sig->detail = indicationVerdictText(s.indication);
        sig->valid = s.valid;
        sig->indication = s.indication;
        sig->subIndication = q(s.subIndication);
        ReportNode* n = m_root->add(std::move(sig));

        n->add(indicationFact(s.indication, s.subIndication));
        n->add(fact(s.kind == "document time-stamp" ? tr("Time-stamp authority") : tr("Signer"),
                    s.signer.empty() ? tr("(unknown signer)") : q(s.signer)));
        // Which configured root the chain ended at: the auditor's answer to "trusted by whom".
        n->add(fact(tr("Trust anchor"), s.anchor.empty() ? tr("(none reached)") : q(s.anchor)));
        if (s.signerCertificate) {
            const crypto::Certificate& c = *s.signerCertificate;
            n->add(fact(tr("Certificate issuer"), q(c.issuer())));
            n->add(fact(tr("Certificate serial number"), q(c.serialHex())));
            const auto from = crypto::asn1TimeToTimePoint(X509_get0_notBefore(c.native()));
            const auto until = crypto::asn1TimeToTimePoint(X509_get0_notAfter(c.native()));
            if (from && until)
                n->add(fact(tr("Certificate validity"), tr("%1 to %2").arg(timeText(*from), timeText(*until))));
            if (const std::string nip = crypto::subjectSerialNumber(c.native()); !nip.empty())
                n->add(fact(tr("NIP (subject serial number)"), q(nip)));
        }
        if (s.signingTime) n->add(fact(tr("Signing time (claimed)"), timeText(*s.signingTime)));
        if (s.timestamp) n->add(fact(tr("Time-stamp (proven)"), timeText(*s.timestamp)));
        if (!s.subFilter.empty()) n->add(fact(tr("Sub-filter"), q(s.subFilter)));
        if (f.type == client::SignedFileType::Pdf) {
            n->add(fact(tr("Covers the whole document"), s.coversWholeDocument ? tr("Yes") : tr("No")));
            n->add(fact(tr("Modifications after signing"), modificationsText(s.modifications)));
        }
        if (s.revokedLater)
            n->add(fact(tr("Revoked after signing"),
                        tr("%1 (%2)").arg(timeText(s.revokedLater->date),
                                          QString::fromLatin1(crypto::revocationReasonName(s.revokedLater->reason)))));

        if (!s.problems.empty()) {
            ReportNode* g = n->add(group(Group::Problems, tr("Problems"), s.problems.size()));
            g->valid = false;
            for (const auto& p : s.problems)
                g->add(finding(p, false));
        }
        if (!s.changes.empty()) {
            ReportNode* g = n->add(group(Group::Changes, tr("Changes after signing"), s.changes.size()));
            bool allAllowed = true;
            for (const auto& c : s.changes) {
                auto row = finding({c.code, c.text}, c.allowed);
                row->allowed = c.allowed;
                row->title = (c.allowed ? tr("Allowed: %1") : tr("Disallowed: %1")).arg(q(c.text));
                allAllowed = allAllowed && c.allowed;
                g->add(std::move(row));
            }
            g->valid = allAllowed;
        }
        if (!s.remarks.empty()) {
            ReportNode* g = n->add(group(Group::Remarks, tr("Remarks"), s.remarks.size()));
            g->valid = true;
            for (const auto& r : s.remarks)
                g->add(finding(r, true));
        }
    }
}

QString ReportModel::verdictText() const
{
    if (!m_report) return {};
    if (!m_report->readable()) return tr("Unreadable");
    return indicationVerdictText(m_report->indication().indication);
}

QModelIndex ReportModel::signatureIndex(int signature) const
{
    for (const auto& child : m_root->children)
        if (child->kind == RowKind::Signature && child->signature == signature)
            return createIndex(child->row, 0, child.get());
    return {};
}

QModelIndex ReportModel::findCode(const QString& code, const QModelIndex& parent) const
{
    const int rows = rowCount(parent);
    for (int r = 0; r < rows; ++r) {
        const QModelIndex i = index(r, 0, parent);
        if (node(i)->kind == RowKind::Finding && node(i)->code == code) return i;
        if (const QModelIndex found = findCode(code, i); found.isValid()) return found;
    }
    return {};
}

ReportNode* ReportModel::node(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<ReportNode*>(index.internalPointer()) : m_root.get();
}

QModelIndex ReportModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column < 0 || column >= kColumnCount || row < 0) return {};
    if (parent.isValid() && parent.column() != 0) return {};
    ReportNode* p = node(parent);
    if (row >= static_cast<int>(p->children.size())) return {};
    return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
}

QModelIndex ReportModel::parent(const QModelIndex& child) const
{
    if (!child.isValid()) return {};
    ReportNode* p = node(child)->parent;
    if (p == nullptr || p == m_root.get()) return {};
    return createIndex(p->row, 0, p);
}

int ReportModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0) return 0;
    return static_cast<int>(node(parent)->children.size());
}

int ReportModel::columnCount(const QModelIndex&) const
{
    return kColumnCount;
}

QVariant ReportModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const ReportNode* n = node(index);
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == TitleColumn ? n->title : n->detail;
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole: {
        // Findings' texts, signers' DNs and file names come from the PDF: the tooltip escapes them.
        QString text;
        if (n->kind == RowKind::Finding)
            text = tr("%1 [%2]").arg(n->title, n->code);
        else
            text = n->detail.isEmpty() ? n->title : tr("%1: %2").arg(n->title, n->detail);
        return role == Qt::ToolTipRole ? toolTipText(text) : text;
    }
    case Qt::ForegroundRole:
        if (index.column() != DetailColumn) return {};
        if ((n->kind == RowKind::Signature || n->kind == RowKind::File) && n->indication)
            return QBrush(toneColour(indicationTone(*n->indication)));
        if ((n->kind == RowKind::Signature || n->kind == RowKind::File || n->kind == RowKind::Group) && n->valid)
            return QBrush(toneColour(*n->valid ? Tone::Ok : Tone::Danger));
        return {};
    case ValidRole:
        return n->valid ? QVariant(*n->valid) : QVariant();
    case CodeRole:
        return n->code.isEmpty() ? QVariant() : QVariant(n->code);
    case RowKindRole:
        return static_cast<int>(n->kind);
    case GroupRole:
        return static_cast<int>(n->group);
    case AllowedRole:
        return n->allowed ? QVariant(*n->allowed) : QVariant();
    case SignatureRole:
        return n->signature >= 0 ? QVariant(n->signature) : QVariant();
    case IndicationRole:
        return n->indication ? QVariant(QString::fromLatin1(crypto::indicationName(*n->indication))) : QVariant();
    case SubIndicationRole:
        return n->indication ? QVariant(n->subIndication) : QVariant();
    default:
        return {};
    }
}

QVariant ReportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    if (section == TitleColumn) return tr("Signature or finding");
    if (section == DetailColumn) return tr("Verdict, value or code");
    return {};
}

QHash<int, QByteArray> ReportModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(ValidRole, "valid");
    names.insert(CodeRole, "code");
    names.insert(RowKindRole, "rowKind");
    names.insert(GroupRole, "group");
    names.insert(AllowedRole, "allowed");
    names.insert(SignatureRole, "signature");
    names.insert(IndicationRole, "indication");
    names.insert(SubIndicationRole, "subIndication");
    return names;
}

} // namespace sandi::desktop
