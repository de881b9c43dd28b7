// SPDX-License-Identifier: GPL-3.0-or-later
// Every E2E decoder of stored or received records: prekey bundles, session records,
// memos and sealed memos, sender key distributions and records, key store contents and the key
// store file's structure. Property: whatever decodes re-encodes to the same bytes.
#include "e2e_fixture.h"
#include "sandi/e2e/group.h"
#include "sandi/e2e/keystore.h"
#include "sandi/e2e/memo.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::e2e;
    const auto in = std::as_bytes(std::span(data, size));
    auto same = [&](const Bytes& b) {
        if (b.size() != in.size() || !std::equal(b.begin(), b.end(), in.begin())) std::abort();
    };
    if (auto b = PreKeyBundle::decode(in)) same(b->encode());
    if (auto s = Session::parse(in)) same(s->serialise());
    if (auto m = Memo::decode(in)) same(m->encode());
    if (auto m = SealedMemo::decode(in)) same(m->encode());
    static const Session fromAlice = sandi::fuzz::E2eFixture{}.bobSession.clone();
    (void)processSenderKeyDistribution(fromAlice, in);
    {
        Reader r(in, "sender key record");
        if (auto k = SenderKeyState::parse(r); k && r.end()) {
            Writer w;
            k->serialise(w);
            same(std::move(w).take());
        }
    }
    if (auto a = AccountData::parse(in)) same(a->serialise());
    (void)KeyStoreFile::checkStructure(in);
    return 0;
}
