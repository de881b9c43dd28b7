// SPDX-License-Identifier: GPL-3.0-or-later
// An official's details: office, position, NIP, each device's certificate status (valid,
// revoked, expired, with its dates) and, for each valid device, the safety number with
// its QR code, and a way to record that it was compared in person.
#pragma once

#include "sandi/desktop/views.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace sandi::desktop {

QString certificateStatusName(const DeviceView& device); // "Valid until …", "Revoked on …", …

class ContactDialog final : public QDialog {
    Q_OBJECT
  public:
    explicit ContactDialog(const ContactView& contact, QWidget* parent = nullptr);
    [[nodiscard]] QTableWidget* devices() const noexcept { return m_devices; }
    [[nodiscard]] QCheckBox* verifiedBox() const noexcept { return m_verified; }

  signals:
    void verifiedChanged(const QString& nip, bool verified);

  private:
    void showDevice(int row);

    ContactView m_contact;
    QTableWidget* m_devices;
    QLabel* m_safetyNumber;
    QLabel* m_qr;
    QCheckBox* m_verified;
};

} // namespace sandi::desktop
