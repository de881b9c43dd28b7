// SPDX-License-Identifier: GPL-3.0-or-later
// GoogleTest prints QStrings and QVariants as text in its failure messages.
#pragma once

#include <QString>
#include <QVariant>

#include <ostream>

inline void PrintTo(const QString& s, std::ostream* os)
{
    *os << '"' << s.toStdString() << '"';
}
inline void PrintTo(const QVariant& v, std::ostream* os)
{
    *os << "QVariant(" << v.typeName() << ", " << v.toString().toStdString() << ')';
}
