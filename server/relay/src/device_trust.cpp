// SPDX-License-Identifier: GPL-3.0-or-later
#include "device_trust.h"

#include "sandi/core/atomic_file.h"
#include "sandi/e2e/identity.h"
#include "sandi/pki/chain.h"
#include "sandi/pki/x509.h"
#include "sandi/wire/frame.h"

#include <openssl/x509.h>

namespace sandi::server {
namespace {

constexpr std::size_t kMaxTrustFileBytes = std::size_t{16} << 20;

QString subjectAttribute(X509* cert, int nid)
{
    X509_NAME* name = X509_get_subject_name(cert);
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0) return {};
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, data);
    if (len < 0) return {};
    QString out = QString::fromUtf8(reinterpret_cast<const char*>(utf8), len);
    OPENSSL_free(utf8);
    return out;
}

} // namespace

Result<std::vector<crypto::Crl>> DeviceTrust::readCrls(const QStringList& files)
{
    std::vector<crypto::Crl> out;
    for (const QString& f : files) {
        SANDI_ASSIGN(bytes, crypto::readFile(f.toStdString(), kMaxTrustFileBytes));
        auto crls = crypto::Crl::parseAll(bytes);
        if (!crls) return fail(crls.error().context("CRL file " + f.toStdString()));
        for (auto& c : *crls)
            out.push_back(std::move(c));
    }
    return out;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the two settings, named at each call
Result<std::unique_ptr<DeviceTrust>> DeviceTrust::load(const QStringList& anchorFiles, const QStringList& crlFiles)
{
    auto snap = std::make_shared<Snapshot>();
    for (const QString& f : anchorFiles) {
        SANDI_ASSIGN(bytes, crypto::readFile(f.toStdString(), kMaxTrustFileBytes));
        auto certs = crypto::Certificate::parseAll(bytes);
        if (!certs) return fail(certs.error().context("trust anchor file " + f.toStdString()));
        for (auto& c : *certs)
            snap->anchors.push_back(std::move(c));
    }
    if (snap->anchors.empty()) return fail(ErrorCode::InvalidArgument, "no trust anchor in the --trust files");
    SANDI_ASSIGN(crls, readCrls(crlFiles));
    snap->crls = std::move(crls);
    std::unique_ptr<DeviceTrust> t(new DeviceTrust);
    t->m_crlFiles = crlFiles;
    t->m_snapshot = std::move(snap);
    return t;
}

Status DeviceTrust::reloadCrls()
{
    SANDI_ASSIGN(crls, readCrls(m_crlFiles));
    std::lock_guard lock(m_mutex);
    auto next = std::make_shared<Snapshot>();
    next->anchors = m_snapshot->anchors;
    next->crls = std::move(crls);
    m_snapshot = std::move(next);
    return {};
}

std::shared_ptr<const DeviceTrust::Snapshot> DeviceTrust::snapshot() const
{
    std::lock_guard lock(m_mutex);
    return m_snapshot;
}

std::vector<crypto::Certificate> DeviceTrust::anchors() const
{
    return snapshot()->anchors;
}

std::size_t DeviceTrust::crlCount() const
{
    return snapshot()->crls.size();
}

Result<AuthenticatedDevice> DeviceTrust::authenticate(const std::vector<QByteArray>& chainDer,
                                                      std::chrono::system_clock::time_point now) const
{
    if (chainDer.empty()) return fail(ErrorCode::Policy, "no client certificate");
    const auto snap = snapshot();
    std::vector<crypto::Certificate> certs;
    for (const QByteArray& der : chainDer) {
        auto c =
            crypto::Certificate::parse(std::as_bytes(std::span(der.constData(), static_cast<std::size_t>(der.size()))));
        if (!c) return fail(c.error().context("client certificate"));
        certs.push_back(std::move(*c));
    }
    crypto::ChainInput in;
    in.leaf = certs.front();
    in.intermediates = std::span(certs).subspan(1);
    in.anchors = snap->anchors;
    in.crls = snap->crls;
    in.time = now;
    SANDI_ASSIGN(identity, e2e::identityFromDeviceCertificate(in));
    X509* leaf = certs.front().native();
    AuthenticatedDevice d;
    d.device = wire::deviceIdOf(chainDer.front());
    d.nip = QString::fromStdString(identity.nip);
    if (d.nip.isEmpty()) return fail(ErrorCode::Policy, "device certificate without an NIP (subject serialNumber)");
    d.name = subjectAttribute(leaf, NID_commonName);
    d.position = subjectAttribute(leaf, NID_title);
    d.office = subjectAttribute(leaf, NID_organizationalUnitName);
    d.identity = std::move(identity);
    d.chain = chainDer;
    auto notAfter = crypto::asn1TimeToTimePoint(X509_get0_notAfter(leaf));
    if (notAfter) d.notAfter = crypto::unixSeconds(*notAfter) * 1000;
    return d;
}

} // namespace sandi::server
