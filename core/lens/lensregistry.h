// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <memory>

class Lens;
struct LensContext;
struct LensEvent;

// The lenses ssemon knows, with how each is recognised. A new protocol (MCP, say) is a Lens
// subclass and one entry in entries(): the command line, the recognition and the records take
// it from here.
class LensRegistry
{
public:
    struct Entry
    {
        QByteArray name; // as `watch --lens` takes it and the records say it
        // Lenses of one provider share a family; choosing the family (`--lens openai`) lets
        // the request or the first event pick among them, the first listed when neither does.
        QByteArray family;
        QString description; // for --help
        std::unique_ptr<Lens> (*create)();
        // Recognition, strongest first: the URL's path says it; the headers say the provider;
        // an event has this protocol's shape.
        bool (*matchesUrl)(const LensContext &);
        bool (*matchesHeaders)(const LensContext &);
        bool (*matchesEvent)(const LensEvent &);
        // Null, or: this request may be answered with one application/json document instead
        // of a stream, which is then read as one event (MCP). A lens chosen by name that has
        // it accepts such an answer whatever the request.
        bool (*answersAsJson)(const LensContext &) = nullptr;
    };

    static const QList<Entry> &entries();
    static const Entry *find(QByteArrayView name);
    // Entries whose family is `family`, in order.
    static QList<const Entry *> family(QByteArrayView family);
    // What `--lens` accepts: "auto", every entry's name, "none".
    static QList<QByteArray> choices();
    static bool isChoice(QByteArrayView name);
};
