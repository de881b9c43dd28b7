// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-relay's configuration file (loadConfig: INI through QSettings, then every value
// checked). The administrator writes it, so it is not outside input in the strict sense;
// fuzzed because a typo should get an error, never a crash. The input is the file; its
// text is also tried as an ADDR:PORT.
#include "config.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const QTemporaryDir dir; // removed at exit
    static quint64 runs = 0;
    if (!dir.isValid()) std::abort();
    // A new name for every input: QSettings keeps files it has read, known by name,
    // size and modification time, and two inputs can share all three.
    const QString path = dir.filePath(QStringLiteral("relay-%1.ini").arg(++runs));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) ||
            f.write(reinterpret_cast<const char*>(data), static_cast<qint64>(size)) != static_cast<qint64>(size))
            std::abort();
    }
    (void)sandi::server::loadConfig(path, {});
    QFile::remove(path);
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    (void)sandi::server::parseEndpoint(QString::fromUtf8(text));
    return 0;
}
