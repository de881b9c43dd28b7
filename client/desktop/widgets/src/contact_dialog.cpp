// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/contact_dialog.h"

#include "sandi/desktop/plain_text.h"
#include "sandi/desktop/theme.h"

#include "sandi/desktop/qr_code.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace sandi::desktop {

namespace {
constexpr int kQrModulePixels = 4;

QString day(const QDateTime& t)
{
    return QLocale().toString(t.toLocalTime().date(), QLocale::ShortFormat);
}
} // namespace

QString certificateStatusName(const DeviceView& d)
{
    switch (d.status) {
    case CertificateStatus::Valid:
        return ContactDialog::tr("Valid until %1").arg(day(d.notAfter));
    case CertificateStatus::Revoked:
        return d.revokedAt ? ContactDialog::tr("Revoked on %1").arg(day(*d.revokedAt)) : ContactDialog::tr("Revoked");
    case CertificateStatus::Expired:
        return ContactDialog::tr("Expired on %1").arg(day(d.notAfter));
    case CertificateStatus::NotYetValid:
        return ContactDialog::tr("Not valid before %1").arg(day(d.notBefore));
    case CertificateStatus::Untrusted:
        return ContactDialog::tr("Not trusted");
    }
    return {};
}

ContactDialog::ContactDialog(const ContactView& contact, QWidget* parent)
    : QDialog(parent), m_contact(contact), m_devices(new QTableWidget(this)), m_safetyNumber(new QLabel(this)),
      m_qr(new QLabel(this)),
      m_verified(new QCheckBox(tr("I &compared this safety number with the official in person"), this))
{
    setObjectName(QStringLiteral("contactDialog"));
    setWindowTitle(tr("Official: %1").arg(contact.name));

    auto plain = [this](const QString& text) { // outside input: never rich text
        auto* l = new QLabel(text, this);
        l->setTextFormat(Qt::PlainText);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return l;
    };
    auto* form = new QFormLayout;
    form->addRow(tr("Name:"), plain(contact.name));
    form->addRow(tr("Position:"), plain(contact.position));
    form->addRow(tr("Office:"), plain(contact.office));
    form->addRow(tr("NIP:"), plain(contact.nip));

    m_devices->setObjectName(QStringLiteral("devices"));
    m_devices->setAccessibleName(tr("Devices and their certificates"));
    m_devices->setColumnCount(4);
    m_devices->setHorizontalHeaderLabels({tr("Device"), tr("Certificate"), tr("Valid from"), tr("Issued by")});
    m_devices->setRowCount(static_cast<int>(contact.devices.size()));
    m_devices->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_devices->setSelectionMode(QAbstractItemView::SingleSelection);
    m_devices->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_devices->horizontalHeader()->setStretchLastSection(true);
    for (int r = 0; r < m_devices->rowCount(); ++r) {
        const DeviceView& d = contact.devices[static_cast<std::size_t>(r)];
        auto* status = new QTableWidgetItem(certificateStatusName(d));
        if (d.status != CertificateStatus::Valid) {
            status->setForeground(toneColour(Tone::Danger));
            status->setToolTip(toolTipText(d.reason)); // may quote the certificate: never markup
        }
        m_devices->setItem(r, 0, new QTableWidgetItem(d.label.isEmpty() ? d.device : d.label));
        m_devices->setItem(r, 1, status);
        m_devices->setItem(r, 2, new QTableWidgetItem(day(d.notBefore)));
        m_devices->setItem(r, 3, new QTableWidgetItem(d.issuer));
    }
    connect(m_devices, &QTableWidget::currentCellChanged, this, [this](int row) { showDevice(row); });

    m_safetyNumber->setObjectName(QStringLiteral("safetyNumber"));
    m_safetyNumber->setTextFormat(Qt::PlainText);
    m_safetyNumber->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_safetyNumber->setWordWrap(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(mono.pointSizeF() * 1.2);
    m_safetyNumber->setFont(mono);
    m_qr->setObjectName(QStringLiteral("safetyNumberQr"));
    m_qr->setAccessibleName(tr("QR code of the safety number"));
    m_qr->setTextFormat(Qt::PlainText);
    m_verified->setObjectName(QStringLiteral("verifiedInPerson"));
    m_verified->setAccessibleName(tr("Safety number compared in person"));
    m_verified->setChecked(contact.verifiedInPerson);
    m_verified->setEnabled(contact.reachable());
    connect(m_verified, &QCheckBox::toggled, this, [this](bool on) { emit verifiedChanged(m_contact.nip, on); });

    auto* explain = new QLabel(tr("Compare the safety number (or scan the QR code) with the one the official's own "
                                  "Sandi shows for you. If they match, nobody stands between your devices."),
                               this);
    explain->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close the official's details"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_devices);
    layout->addWidget(explain);
    layout->addWidget(m_safetyNumber);
    layout->addWidget(m_qr, 0, Qt::AlignHCenter);
    layout->addWidget(m_verified);
    layout->addWidget(buttons);
    resize(640, 640);

    int first = -1;
    for (int r = 0; r < m_devices->rowCount() && first < 0; ++r)
        if (contact.devices[static_cast<std::size_t>(r)].status == CertificateStatus::Valid) first = r;
    if (first >= 0)
        m_devices->setCurrentCell(first, 0);
    else
        showDevice(-1);
}

void ContactDialog::showDevice(int row)
{
    if (row < 0 || static_cast<std::size_t>(row) >= m_contact.devices.size() ||
        m_contact.devices[static_cast<std::size_t>(row)].safetyNumber.isEmpty()) {
        m_safetyNumber->setText(tr("No safety number: this device's certificate is not valid."));
        m_qr->clear();
        return;
    }
    const DeviceView& d = m_contact.devices[static_cast<std::size_t>(row)];
    m_safetyNumber->setText(d.safetyNumber);
    m_safetyNumber->setAccessibleName(tr("Safety number %1").arg(d.safetyNumber));
    // Sharp on a high-DPI screen: the modules are drawn in device pixels, the pixmap says so.
    const qreal dpr = std::max<qreal>(1.0, m_qr->devicePixelRatioF());
    const int modulePixels = std::max(1, qRound(kQrModulePixels * dpr));
    if (auto image = qrCodeImage(d.qrPayload, modulePixels)) {
        QPixmap pm = QPixmap::fromImage(*image);
        pm.setDevicePixelRatio(static_cast<qreal>(modulePixels) / kQrModulePixels);
        m_qr->setPixmap(pm);
    } else {
        m_qr->setText(QString::fromStdString(image.error().message));
    }
}

} // namespace sandi::desktop
