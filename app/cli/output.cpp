// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "output.h"

#include <cerrno>
#include <cstdlib>
#include <unistd.h>

namespace Output {

bool writeAll(int fd, QByteArrayView bytes)
{
    const char *p = bytes.data();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, size_t(left));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        left -= n;
    }
    return true;
}

bool isTerminal(int fd)
{
    return ::isatty(fd) == 1;
}

bool wantsColor(int fd)
{
    const char *noColor = std::getenv("NO_COLOR");
    return isTerminal(fd) && !(noColor && *noColor);
}

} // namespace Output
