// SPDX-License-Identifier: GPL-3.0-or-later
// A deterministic pair of E2E sessions, the same in the fuzz targets and in
// make_seeds, so the seeds are messages the fuzzers' sessions can read.
#pragma once

#include "../support/seeded_random.h"
#include "sandi/e2e/group.h"
#include "sandi/e2e/session.h"

#include <string>
#include <vector>

namespace sandi::fuzz {

inline const e2e::TimePoint kFuzzTime = std::chrono::system_clock::from_time_t(1'800'000'000);

// What identityFromDeviceCertificate would yield for a test device (no PKI needed).
inline e2e::CertifiedIdentity certifiedFor(const e2e::IdentityKeyPair& id, const std::string& name)
{
    return {id.publicKey, "CN=" + name + ",O=Diskominfo Kota Baubau", "CN=Diskominfo Kota Baubau CA,O=Pemprov Sultra",
            "0A" + std::to_string(name.size()), ""};
}

// A session record standing for "arrived over the pairwise session with `peer`" (for
// tests of sender-key distributions that need no real session).
inline e2e::Session sessionWith(const e2e::IdentityPublicKey& peer)
{
    e2e::Session s;
    s.remoteIdentity = peer;
    return s;
}

// A resolver that certifies exactly these identities and refuses every other key.
inline e2e::IdentityResolver resolverOf(std::vector<e2e::CertifiedIdentity> known)
{
    return [known = std::move(known)](const e2e::IdentityPublicKey& key) -> Result<e2e::CertifiedIdentity> {
        for (const auto& k : known)
            if (k.identityKey == key) return k;
        return fail(ErrorCode::Policy, "no valid device certificate for this identity key");
    };
}

struct E2eFixture {
    test::SeededRandom aliceRng{1}, bobRng{2}, groupRng{3};
    e2e::IdentityKeyPair alice = e2e::IdentityKeyPair::generate(aliceRng);
    e2e::IdentityKeyPair bob = e2e::IdentityKeyPair::generate(bobRng);
    e2e::SignedPreKey bobSpk = e2e::makeSignedPreKey(bob, 1, bobRng, kFuzzTime);
    e2e::PreKeyBundle bundle{bob.publicKey, 1, bobSpk.keyPair.publicKey, bobSpk.signature, std::nullopt, {}};
    e2e::Session aliceSession = e2e::initiateSession(alice, certifiedFor(bob, "bob"), bundle, aliceRng).value();
    e2e::Bytes first =
        e2e::sessionEncrypt(aliceSession, e2e::ContentType::SealedMemo, e2e::asBytes("pertama"), aliceRng).value();
    e2e::Session bobSession = accept();
    e2e::Bytes second =
        e2e::sessionEncrypt(aliceSession, e2e::ContentType::SealedMemo, e2e::asBytes("kedua"), aliceRng).value();
    e2e::SenderKeyState senderKey = e2e::createSenderKey(alice.publicKey, groupRng); // Alice's, in group "g"
    e2e::SenderKeyState receiverKey =
        e2e::processSenderKeyDistribution(bobSession, e2e::senderKeyDistribution("g", senderKey)).value().state;

    e2e::InMemoryPreKeyStore bobPreKeys() const
    {
        e2e::InMemoryPreKeyStore s;
        s.addSignedPreKey({bobSpk.id, bobSpk.keyPair.clone(), bobSpk.signature, bobSpk.createdAt});
        return s;
    }

  private:
    e2e::Session accept()
    {
        auto store = bobPreKeys();
        return e2e::acceptSession(bob, store, resolverOf({certifiedFor(alice, "alice")}), first, kFuzzTime, bobRng)
            .value()
            .session;
    }
};

} // namespace sandi::fuzz
