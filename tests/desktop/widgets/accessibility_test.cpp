// SPDX-License-Identifier: GPL-3.0-or-later
// Every interactive control a screen reader reaches has an accessible name: the documents
// page, the settings, the contact details, the compose and unlock dialogs and every page of
// the setup wizard are walked (each tab of a tab widget shown in turn).
#include "enrolled_store.h"
#include "sandi/desktop/compose_dialog.h"
#include "sandi/desktop/contact_dialog.h"
#include "sandi/desktop/documents_page.h"
#include "sandi/desktop/settings_dialog.h"
#include "sandi/desktop/setup_wizard.h"
#include "sandi/desktop/unlock_dialog.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>
#include <QVBoxLayout>

#include <initializer_list>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::desktop;

namespace {

bool interactive(const QWidget* w)
{
    if (qobject_cast<const QHeaderView*>(w)) return false; // part of its view; sections named by their labels
    if (w->inherits("QTableCornerButton")) return false;   // part of its table (select all)
    if (qobject_cast<const QLineEdit*>(w) &&
        (qobject_cast<const QAbstractSpinBox*>(w->parentWidget()) || qobject_cast<const QComboBox*>(w->parentWidget())))
        return false; // the editor inside a spin box or combo box: the box has the name
    return qobject_cast<const QAbstractButton*>(w) || qobject_cast<const QLineEdit*>(w) ||
           qobject_cast<const QComboBox*>(w) || qobject_cast<const QAbstractSpinBox*>(w) ||
           qobject_cast<const QAbstractItemView*>(w) || qobject_cast<const QTabWidget*>(w);
}

QString describe(const QWidget* w)
{
    QString text;
    if (const auto* b = qobject_cast<const QAbstractButton*>(w)) text = b->text();
    return QStringLiteral("%1 '%2' \"%3\"")
        .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(), text);
}

// The interactive controls under `root` that would be visible with `root` shown and have no
// accessible name.
QStringList unnamedIn(const QWidget& root)
{
    QStringList out;
    for (const QWidget* w : root.findChildren<QWidget*>())
        if (w->isVisibleTo(&root) && interactive(w) && w->accessibleName().trimmed().isEmpty()) out << describe(w);
    return out;
}

// How many interactive controls the walk sees under `root` (so that a walk that finds
// nothing cannot pass).
int interactiveCount(const QWidget& root)
{
    int n = 0;
    for (const QWidget* w : root.findChildren<QWidget*>())
        if (w->isVisibleTo(&root) && interactive(w)) ++n;
    return n;
}

// unnamedIn(root) with every tab of every tab widget shown in turn.
QStringList unnamedInEveryTab(QWidget& root)
{
    QStringList out = unnamedIn(root);
    for (QTabWidget* tabs : root.findChildren<QTabWidget*>()) {
        const int current = tabs->currentIndex();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            out << unnamedIn(root);
        }
        tabs->setCurrentIndex(current);
    }
    out.removeDuplicates();
    return out;
}

// A StoreChanger that is never used: the walk changes nothing.
class NoStore final : public StoreChanger {
  public:
    Status changeStore(const std::function<Status()>&, const crypto::SecureBuffer&,
                       const crypto::SecureBuffer&) override
    {
        return fail(ErrorCode::InvalidArgument, "not in this test");
    }
};

} // namespace

// The walk itself: an unnamed button, line edit and list are found, a hidden one and the
// editor inside a spin box are not.
TEST(Accessibility, TheWalkFindsUnnamedControls)
{
    QWidget root;
    auto* layout = new QVBoxLayout(&root);
    auto* button = new QPushButton(QStringLiteral("Go"));
    button->setObjectName(QStringLiteral("go"));
    auto* edit = new QLineEdit;
    edit->setObjectName(QStringLiteral("edit"));
    auto* list = new QListWidget;
    list->setObjectName(QStringLiteral("list"));
    auto* hidden = new QPushButton(QStringLiteral("Hidden"));
    hidden->setVisible(false);
    auto* spin = new QSpinBox;
    spin->setAccessibleName(QStringLiteral("Count"));
    for (QWidget* w : std::initializer_list<QWidget*>{button, edit, list, hidden, spin})
        layout->addWidget(w);
    root.show();
    EXPECT_EQ(unnamedIn(root).join(QStringLiteral("; ")).toStdString(),
              "QPushButton 'go' \"Go\"; QLineEdit 'edit' \"\"; QListWidget 'list' \"\"");
    button->setAccessibleName(QStringLiteral("Go"));
    edit->setAccessibleName(QStringLiteral("Edit"));
    list->setAccessibleName(QStringLiteral("List"));
    EXPECT_EQ(unnamedIn(root).join(QStringLiteral("; ")).toStdString(), "");
    EXPECT_EQ(interactiveCount(root), 4);
}

TEST(Accessibility, DocumentsPageNamesEveryControl)
{
    DocumentsPage page({}, {}, [](QWidget*) -> crypto::Signer* { return nullptr; });
    page.show();
    EXPECT_GE(interactiveCount(page), 8);
    EXPECT_EQ(unnamedInEveryTab(page).join(QStringLiteral("; ")).toStdString(), "");
    // The labels a screen reader reads for the open document and the signing status.
    for (const char* name : {"documentsFileName", "documentsStatus", "documentsVerdict", "documentsReportDetail"}) {
        auto* w = page.findChild<QWidget*>(name);
        ASSERT_NE(w, nullptr) << name;
        EXPECT_FALSE(w->accessibleName().isEmpty()) << name;
    }
}

TEST(Accessibility, SettingsDialogNamesEveryControl)
{
    test::TempDir tmp;
    AppSettings settings(QString::fromStdString((tmp.path() / "desktop.ini").string()));
    NoStore changer;
    SettingsDialog d(settings, tmp.path() / "no-store", changer, nullptr);
    d.show();
    EXPECT_GE(interactiveCount(d), 4);
    EXPECT_EQ(unnamedInEveryTab(d).join(QStringLiteral("; ")).toStdString(), "");
    auto* tabs = d.findChild<QTabWidget*>();
    ASSERT_NE(tabs, nullptr);
    EXPECT_FALSE(tabs->accessibleName().isEmpty());
}

TEST(Accessibility, ContactDialogNamesEveryControl)
{
    ContactView c;
    c.nip = QStringLiteral("198707212011012006");
    c.name = QStringLiteral("Sri Wahyuni");
    DeviceView d;
    d.device = QString(32, QLatin1Char('c'));
    d.status = CertificateStatus::Valid;
    d.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    d.notAfter = QDateTime(QDate(2028, 1, 1), QTime(0, 0), Qt::UTC);
    d.safetyNumber = QStringLiteral("12345 67890");
    d.qrPayload = "SANDI-SN1:abc";
    c.devices.push_back(d);
    ContactDialog dialog(c);
    dialog.show();
    EXPECT_GE(interactiveCount(dialog), 3); // the devices, the check box, Close
    EXPECT_EQ(unnamedInEveryTab(dialog).join(QStringLiteral("; ")).toStdString(), "");
}

TEST(Accessibility, ComposeDialogNamesEveryControl)
{
    client::DeviceInfo self;
    self.name = "Andi Pratama";
    self.identity.nip = "197804122003121002";
    ComposeDialog d({}, {}, self);
    d.setPdfSigner([](QWidget*, const QString&) { return std::optional<QString>(); });
    d.show();
    EXPECT_GE(interactiveCount(d), 18);
    EXPECT_EQ(unnamedInEveryTab(d).join(QStringLiteral("; ")).toStdString(), "");
}

TEST(Accessibility, UnlockDialogNamesEveryControl)
{
    UnlockDialog d([](const crypto::SecureBuffer&) -> Status { return {}; });
    d.setAccountText(QStringLiteral("Sri Wahyuni"));
    d.show();
    EXPECT_GE(interactiveCount(d), 3); // the passphrase, Unlock, Quit
    EXPECT_EQ(unnamedInEveryTab(d).join(QStringLiteral("; ")).toStdString(), "");
}

TEST(Accessibility, SetupWizardNamesEveryControlOnEveryPage)
{
    test::TempDir tmp;
    AppSettings settings(QString::fromStdString((tmp.path() / "desktop.ini").string()));
    SetupWizard w(settings, tmp.path() / "sandi");
    w.show();
    EXPECT_GE(interactiveCount(w), 6);
    EXPECT_EQ(unnamedIn(w).join(QStringLiteral("; ")).toStdString(), ""); // the start page and the wizard's own buttons
    for (const int id : w.pageIds()) {
        QWizardPage* page = w.page(id);
        ASSERT_NE(page, nullptr);
        EXPECT_EQ(unnamedIn(*page).join(QStringLiteral("; ")).toStdString(), "") << "page " << id;
    }
    for (const auto which : {QWizard::BackButton, QWizard::NextButton, QWizard::CommitButton, QWizard::FinishButton,
                             QWizard::CancelButton})
        EXPECT_FALSE(w.button(which)->accessibleName().isEmpty()) << which;
}
