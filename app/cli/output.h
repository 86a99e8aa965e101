// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>

// Unbuffered writes of whole record batches to a file descriptor: one write() per batch, so a
// reader sees records as soon as they are produced and a burst costs one system call.
namespace Output {

// Writes everything (retrying short writes and EINTR). False when the reader has gone (EPIPE)
// or the descriptor failed.
bool writeAll(int fd, QByteArrayView bytes);
bool isTerminal(int fd);
// Colours are used on a terminal unless NO_COLOR is set (https://no-color.org convention).
bool wantsColor(int fd);

} // namespace Output
