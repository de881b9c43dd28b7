// SPDX-License-Identifier: GPL-3.0-or-later
// Compiled against sandi_pki only: pki does not link sandi_pades, so this must not build.
#include "sandi/pades/pades.h"
