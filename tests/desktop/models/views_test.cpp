// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/views.h"

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::desktop;

TEST(MemoView, CarriesEveryNotaDinasFieldAndNoKeyMaterial)
{
    client::StoredMemo m;
    m.id = std::string(32, 'a');
    m.direction = client::Direction::Incoming;
    m.peerNip = "198001012005011001";
    m.classification = "SR";
    m.urgency = "segera";
    m.nomor = "005/123/2026";
    m.kepada = {"Kepala Dinas"};
    m.tembusan = {"Sekretaris"};
    m.hal = "Rapat";
    m.body = "Isi";
    m.receivedAt = 1'700'000'000'000;
    client::StoredAttachment a;
    a.index = 0;
    a.name = "laporan.pdf";
    a.size = 42;
    a.keyMaterial = crypto::SecureBuffer::fromString("secret");
    m.attachments.push_back(std::move(a));
    const MemoView v = MemoView::from(m);
    EXPECT_EQ(v.nomor, "005/123/2026");
    EXPECT_EQ(v.kepada, QStringList{"Kepala Dinas"});
    EXPECT_EQ(v.tembusan, QStringList{"Sekretaris"});
    EXPECT_TRUE(v.confidential());
    EXPECT_FALSE(v.read);
    EXPECT_EQ(v.conversationKey(), "nip:198001012005011001");
    ASSERT_EQ(v.attachments.size(), 1u);
    EXPECT_EQ(v.attachments[0].name, "laporan.pdf");
    EXPECT_EQ(v.attachments[0].size, 42);
}

TEST(MemoView, GroupMemosBelongToTheGroupsConversation)
{
    client::StoredMemo m;
    m.direction = client::Direction::Outgoing;
    m.recipients = {"group:pimpinan", "1", "2"};
    m.group = "pimpinan";
    m.classification = "B";
    const MemoView v = MemoView::from(m);
    EXPECT_EQ(v.conversationKey(), "group:pimpinan");
    EXPECT_EQ(v.recipients, (QStringList{"1", "2"}));
    EXPECT_FALSE(v.confidential());
    EXPECT_TRUE(v.read); // an outgoing memo is never unread
}
