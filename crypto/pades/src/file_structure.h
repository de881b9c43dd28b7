// SPDX-License-Identifier: GPL-3.0-or-later
// Byte-level checks of a PDF's structure that do not trust qpdf's merged view.
#pragma once

#include "pdf_internal.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sandi::crypto::pdf {

// For each revision whose classic cross-reference table's trailer names an /XRefStm (a
// hybrid-reference file): every object the table and the stream give different entries
// (two offsets; in use in one, free in the other; in the table and in an object stream).
// A free table entry for an object of an object stream is the hybrid design and agrees.
// Viewers differ on which entry wins, so each is a contradiction. Also an /XRefStm that
// does not read. At most 10 are listed.
std::vector<std::string> hybridContradictions(std::span<const std::byte> bytes, std::span<const RevisionEnd> ends);

// Every signature dictionary written anywhere in the file (any revision, reachable or not):
// an object with /ByteRange and /Contents whose /Type is /Sig, /DocTimeStamp or absent,
// read from the file's text ("N G obj" … "endobj", each body read as tokens up to the next
// "N G obj": linear work) and from the object streams of `doc`'s cross-reference table. One entry per object number and
// /ByteRange (two bodies of one number that sign different ranges are two signatures). `doc` is the whole file.
std::vector<std::pair<QPDFObjGen, QPDFObjectHandle>> signatureDictionaries(Document& doc, std::string_view text);

} // namespace sandi::crypto::pdf
