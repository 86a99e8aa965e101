// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "doctorhtml.h"

#include "doctorreport.h"

#include "util/version.h"

#include <QList>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace {

using Point = DoctorTimeline::Point;
using Stream = DoctorTimeline::Stream;

// The page's colours, light first; the SVGs carry the light ones as presentation attributes
// (so that an SVG cut out of the page still reads) and the page's CSS, which wins over them,
// switches to the dark ones.
const char kStyle[] = R"(
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1d2026;--muted:#5a6270;--line:#d6dae1;
--panel:#f4f6f9;--grid:#e4e7ec;--ev:#2461c4;--hb:#c25f0c;--cm:#7b8493;--rp:#17864a;
--err:#c0262d;--warn:#955700;--info:#2a5fa0;--ok:#24793a;--life:#b9c2cf}
@media (prefers-color-scheme:dark){:root{--bg:#14161a;--fg:#e4e7eb;--muted:#a2aab6;
--line:#363b45;--panel:#1d2026;--grid:#2a2f38;--ev:#6fa6ff;--hb:#f2a05a;--cm:#98a1ae;
--rp:#52c98a;--err:#ff7272;--warn:#f3b54a;--info:#7fb0f0;--ok:#5fcf7d;--life:#4a5261}}
@media print{:root{--bg:#ffffff;--fg:#000000;--muted:#444444;--line:#bbbbbb;--panel:#ffffff;
--grid:#dddddd;--ev:#1b4fa8;--hb:#b35400;--cm:#666666;--rp:#11703b;--err:#b00020;
--warn:#8a5000;--info:#1f4f8f;--ok:#1d6b31;--life:#aaaaaa}
body{max-width:none;margin:0}figure,.finding,tr{break-inside:avoid}}
*{box-sizing:border-box}
body{background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,"Helvetica Neue",Arial,sans-serif;max-width:1000px;margin:0 auto;padding:24px 20px}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.8em 0 .6em;
border-bottom:1px solid var(--line);padding-bottom:.2em}h3{font-size:1em;margin:0 0 .4em}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.9em}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.url{overflow-wrap:anywhere;margin:0 0 .8em}
.verdict{display:inline-block;padding:.35em .8em;border-radius:6px;font-weight:600;
border:2px solid currentColor;margin:.2em 0 .8em}
.sev-error{color:var(--err)}.sev-warning{color:var(--warn)}.sev-info{color:var(--info)}
.sev-ok{color:var(--ok)}
dl.run{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em;margin:0}
dl.run dt{color:var(--muted)}dl.run dd{margin:0}
.finding{border:1px solid var(--line);border-left:6px solid currentColor;border-radius:6px;
padding:.7em 1em;margin:0 0 .8em;background:var(--panel)}
.finding h3 .sev{font-weight:700;margin-right:.5em}.finding h3 .title{color:var(--fg)}
.finding .id{color:var(--muted);font-weight:400;margin-left:.5em}
.finding pre{background:var(--bg);border:1px solid var(--line);border-radius:4px;
padding:.5em .7em;color:var(--fg)}
.finding .fix{color:var(--fg);margin:.5em 0 0}
figure{margin:0 0 1.6em}figcaption{color:var(--muted);font-size:.9em}
svg.plot{width:100%;height:auto;display:block;border:1px solid var(--line);border-radius:6px;
background:var(--bg)}
.plot text{fill:var(--muted)}.plot .lbl{fill:var(--fg)}
.plot .grid{stroke:var(--grid)}.plot .axis{stroke:var(--muted)}
.plot .mark{stroke:var(--muted)}.plot .life{stroke:var(--life)}
.plot .ev{fill:var(--ev)}.plot .hb{fill:var(--hb)}.plot .rp{fill:var(--rp)}
.plot .cm{stroke:var(--cm)}.plot .line{stroke:var(--hb)}.plot .stem{stroke:var(--cm)}
.plot .err{stroke:var(--err)}.plot text.err{fill:var(--err);stroke:none}
p.empty{border:1px dashed var(--line);border-radius:6px;padding:1.2em;color:var(--muted);
margin:0 0 .4em}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;
padding:.3em .6em;border-bottom:1px solid var(--line)}th{color:var(--muted);font-weight:600}
td.value{overflow-wrap:anywhere}
ul.coverage{list-style:none;padding:0}ul.coverage li{margin:.2em 0}
.yes{color:var(--ok);font-weight:600}.no{color:var(--warn);font-weight:600}
footer{margin-top:2.5em;color:var(--muted);font-size:.85em}
)";

// The light colours again, as the SVGs' own attributes.
constexpr char kFg[] = "#1d2026";
constexpr char kMuted[] = "#5a6270";
constexpr char kGrid[] = "#e4e7ec";
constexpr char kEvent[] = "#2461c4";
constexpr char kHeartbeat[] = "#c25f0c";
constexpr char kComment[] = "#7b8493";
constexpr char kReplayed[] = "#17864a";
constexpr char kError[] = "#c0262d";
constexpr char kLife[] = "#b9c2cf";

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

QString lit(const char *ascii)
{
    return QString::fromLatin1(ascii);
}

// A step of 1, 2 or 5 times a power of ten that cuts `range` into at most `maxTicks` parts.
double niceStep(double range, int maxTicks)
{
    if (!(range > 0))
        return 1;
    const double raw = range / maxTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double factor = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
    return factor * magnitude;
}

// A tick label of a time axis in milliseconds, in the unit the axis' span calls for.
// Milliseconds while the axis ends within 2 s, then seconds with the decimals the step needs
// ("19.25 s" rather than "19250 ms" on a window late in a run).
QString timeTick(double ms, double endMs, double stepMs)
{
    if (endMs < 2000)
        return QStringLiteral("%1 ms").arg(std::lround(ms));
    const int decimals = std::clamp(int(std::ceil(-std::log10(stepMs / 1000.0) - 1e-9)), 0, 3);
    return QStringLiteral("%1 s").arg(QString::number(ms / 1000.0, 'f', decimals));
}

QString latencyTick(double ms, double stepMs)
{
    if (std::abs(ms) >= 10000 || stepMs >= 1000)
        return QStringLiteral("%1 s").arg(QString::number(ms / 1000.0, 'f', stepMs < 1000 ? 1 : 0));
    if (stepMs < 1)
        return QStringLiteral("%1 ms").arg(QString::number(ms, 'f', 1));
    return QStringLiteral("%1 ms").arg(std::lround(ms));
}

// The plot area in an SVG of width x height, and the domains it maps.
struct Frame
{
    double width = 900;
    double height = 260;
    double left = 80;
    double right = 24;
    double top = 44;
    double bottom = 48;
    double x0 = 0; // domain, ms
    double x1 = 1;
    double y0 = 0;
    double y1 = 1;

    double px(double x) const { return left + (x - x0) / (x1 - x0) * (width - left - right); }
    double py(double y) const
    {
        return height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom);
    }
    double plotTop() const { return top; }
    double plotBottom() const { return height - bottom; }
};

QString svgOpen(const Frame &f, const QString &title)
{
    return QStringLiteral("<svg class=\"plot\" viewBox=\"0 0 %1 %2\" width=\"%1\" height=\"%2\" "
                          "role=\"img\" font-family=\"sans-serif\" font-size=\"12\" "
                          "fill=\"%3\"><title>%4</title>\n")
        .arg(num(f.width), num(f.height), lit(kMuted), title);
}

// The x axis: time since the run started, gridlines at each tick.
void timeAxis(QString &svg, const Frame &f)
{
    const double span = f.x1 - f.x0;
    const double step = niceStep(span, 8);
    svg += QStringLiteral("<g class=\"grid\" stroke=\"%1\">").arg(lit(kGrid));
    QString labels;
    for (double t = std::ceil(f.x0 / step) * step; t <= f.x1 + step * 1e-9; t += step) {
        const double x = f.px(t);
        svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\"/>")
                   .arg(num(x), num(f.plotTop()), num(f.plotBottom()));
        labels += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\">%3</text>")
                      .arg(num(x), num(f.plotBottom() + 16), timeTick(t, f.x1, step));
    }
    svg += QStringLiteral("</g><g>") + labels;
    svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\">time since the run "
                          "started</text></g>\n")
               .arg(num(f.left + (f.width - f.left - f.right) / 2), num(f.height - 8));
    svg += QStringLiteral("<line class=\"axis\" stroke=\"%1\" x1=\"%2\" y1=\"%3\" x2=\"%4\" "
                          "y2=\"%3\"/>\n")
               .arg(lit(kMuted), num(f.left), num(f.plotBottom()), num(f.width - f.right));
}

// The y axis with its ticks (labels from `tick`) and its name, written upwards.
template<typename TickText>
void valueAxis(QString &svg, const Frame &f, double step, TickText tick, const QString &name)
{
    svg += QStringLiteral("<g class=\"grid\" stroke=\"%1\">").arg(lit(kGrid));
    QString labels;
    for (double v = std::ceil(f.y0 / step) * step; v <= f.y1 + step * 1e-9; v += step) {
        const double y = f.py(v);
        svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\"/>")
                   .arg(num(f.left), num(y), num(f.width - f.right));
        labels += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"end\">%3</text>")
                      .arg(num(f.left - 6), num(y + 4), tick(v));
    }
    svg += QStringLiteral("</g><g>") + labels;
    const double middle = (f.plotTop() + f.plotBottom()) / 2;
    svg += QStringLiteral("<text x=\"14\" y=\"%1\" text-anchor=\"middle\" "
                          "transform=\"rotate(-90 14 %1)\">%2</text></g>\n")
               .arg(num(middle), name);
    svg += QStringLiteral("<line class=\"axis\" stroke=\"%1\" x1=\"%2\" y1=\"%3\" x2=\"%2\" "
                          "y2=\"%4\"/>\n")
               .arg(lit(kMuted), num(f.left), num(f.plotTop()), num(f.plotBottom()));
}

// The legend, one row above the plot area: each item a swatch (SVG drawn at 0,0, about 10 px)
// and its text.
struct LegendItem
{
    QString swatch;
    QString text;
};

void legend(QString &svg, const Frame &f, const QList<LegendItem> &items)
{
    double x = f.left;
    const double y = 20;
    for (const LegendItem &item : items) {
        svg += QStringLiteral("<g transform=\"translate(%1 %2)\">%3</g>")
                   .arg(num(x), num(y - 9), item.swatch);
        svg += QStringLiteral("<text class=\"lbl\" fill=\"%1\" x=\"%2\" y=\"%3\">%4</text>")
                   .arg(lit(kFg), num(x + 15), num(y), item.text);
        x += 15 + 6.8 * double(item.text.size()) + 22;
    }
    svg += u'\n';
}

QString eventSwatch(const char *cls = "ev", const char *colour = kEvent)
{
    return QStringLiteral("<rect class=\"%1\" fill=\"%2\" x=\"1\" y=\"0\" width=\"8\" "
                          "height=\"10\"/>")
        .arg(lit(cls), lit(colour));
}

QString heartbeatSwatch()
{
    return QStringLiteral("<circle class=\"hb\" fill=\"%1\" cx=\"5\" cy=\"5\" r=\"4.5\"/>")
        .arg(lit(kHeartbeat));
}

QString commentSwatch()
{
    return QStringLiteral("<rect class=\"cm\" fill=\"none\" stroke=\"%1\" stroke-width=\"1.5\" "
                          "x=\"1\" y=\"1\" width=\"8\" height=\"8\"/>")
        .arg(lit(kComment));
}

// How a label at x is anchored so that it stays between low and high (its width guessed from
// its length at the plots' 12 px).
QString textAnchor(double x, const QString &label, double low, double high)
{
    const double half = 3.4 * double(label.size());
    if (x + half > high)
        return QStringLiteral("end");
    if (x - half < low)
        return QStringLiteral("start");
    return QStringLiteral("middle");
}

QString readSwatch()
{
    return QStringLiteral("<path class=\"stem\" stroke=\"%1\" stroke-width=\"1.5\" "
                          "d=\"M5 0V10\"/>")
        .arg(lit(kComment));
}

// A vertical marker across the plot area with a label at its top (anchored to stay inside).
void marker(QString &svg, const Frame &f, double x, const QString &label, bool error = false,
            double labelY = -1)
{
    const QString cls = error ? QStringLiteral("err") : QStringLiteral("mark");
    const char *colour = error ? kError : kMuted;
    svg += QStringLiteral("<line class=\"%1\" stroke=\"%2\" stroke-dasharray=\"4 3\" "
                          "x1=\"%3\" y1=\"%4\" x2=\"%3\" y2=\"%5\"/>")
               .arg(cls, lit(colour), num(x), num(f.plotTop() - 4), num(f.plotBottom()));
    svg += QStringLiteral("<text class=\"%1\" fill=\"%2\" x=\"%3\" y=\"%4\" "
                          "text-anchor=\"%5\">%6</text>\n")
               .arg(error ? cls : QStringLiteral("lbl"), lit(error ? kError : kFg), num(x),
                    num(labelY >= 0 ? labelY : f.plotTop() - 8),
                    textAnchor(x, label, 4, f.width - 4), label);
}

// Where a stream ended on the plot, in words: "end: RST", "HTTP 503", "still open".
QString endLabel(const Stream &s)
{
    const QString how = s.endShort();
    if (how == QStringLiteral("open"))
        return QStringLiteral("still open at the end of the run");
    return QStringLiteral("end: ") + how;
}

bool endIsBad(const Stream &s)
{
    const QString how = s.endShort();
    return how != QStringLiteral("open") && how != QStringLiteral("FIN");
}

QString empty(const QString &why)
{
    return QStringLiteral("<p class=\"empty\">Nothing to plot: %1</p>\n").arg(why);
}

qint64 lastUs(const Stream &s)
{
    qint64 last = std::max({s.openUs, s.endUs, s.observedUntilUs});
    if (!s.points.isEmpty())
        last = std::max(last, s.points.constLast().us);
    return last;
}

// How much of the stream the marks show, when not every frame.
QString sampling(const Stream &s)
{
    QString out;
    if (s.stride > 1) {
        out += QStringLiteral(" %1 of %2 frames are drawn: one of each %3, the one after the "
                              "longest silence.")
                   .arg(s.points.size())
                   .arg(s.framesKept)
                   .arg(s.stride);
    }
    if (s.framesNotKept > 0) {
        out += QStringLiteral(" %1 frames after the first %2 were counted, not kept.")
                   .arg(s.framesNotKept)
                   .arg(s.framesKept);
    }
    return out;
}

QString figure(const QString &svg, const QString &caption)
{
    return QStringLiteral("<figure>\n") + svg + QStringLiteral("<figcaption>") + caption
        + QStringLiteral("</figcaption>\n</figure>\n");
}

const char *severityIcon(DoctorFinding::Severity severity)
{
    switch (severity) {
    case DoctorFinding::Severity::Error:
        return "&#x2716;"; // heavy multiplication x
    case DoctorFinding::Severity::Warning:
        return "&#x26A0;"; // warning sign
    case DoctorFinding::Severity::Info:
        return "&#x2139;"; // information source
    }
    return "";
}

} // namespace

QString DoctorHtml::escaped(const QString &text, qsizetype maxChars)
{
    QString clean = text.size() > maxChars ? text.left(maxChars) : text;
    for (QChar &c : clean) {
        const char16_t u = c.unicode();
        // XML 1.0 and HTML forbid the C0 controls but tab, line feed and carriage return.
        if ((u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || u == 0x7f || u == 0xfffe
            || u == 0xffff)
            c = QChar(QChar::ReplacementCharacter);
    }
    if (clean.size() > 0 && clean.back().isHighSurrogate())
        clean.chop(1);
    QString out = clean.toHtmlEscaped();
    if (text.size() > maxChars)
        out += QStringLiteral(" [%1 more characters]").arg(text.size() - maxChars);
    return out;
}

QString DoctorHtml::duration(qint64 us)
{
    if (us < 1000000)
        return QStringLiteral("%1 ms").arg(std::lround(double(us) / 1000.0));
    if (us < 100000000)
        return QStringLiteral("%1 s").arg(QString::number(double(us) / 1e6, 'f', 1));
    return QStringLiteral("%1 s").arg(std::llround(double(us) / 1e6));
}

QString DoctorHtml::arrivalsPlot(const DoctorTimeline &timeline)
{
    const Stream *main = timeline.stream(QStringLiteral("main"));
    if (!main)
        return empty(QStringLiteral("no stream was asked for."));
    if (!main->opened()) {
        return empty(QStringLiteral("the stream never opened (%1%2).")
                         .arg(main->endShort(),
                              main->endReason.isEmpty()
                                  ? QString()
                                  : QStringLiteral(": ") + escaped(main->endReason, 300)));
    }
    // The frames of one read share its time; each is stacked on the previous one (its place
    // in the read, counted over the whole stream, so that a downsampled clump stays tall).
    int highest = 0;
    for (const Point &p : main->points)
        highest = std::max(highest, p.readFrames);
    Frame f;
    f.x1 = std::max<double>(1, double(lastUs(*main)) / 1000.0);
    // The n-th frame of a read is centred on the line n.
    f.y0 = 0;
    f.y1 = std::max(highest, 4) + 0.5;
    const double row = (f.plotBottom() - f.plotTop()) / f.y1;
    const double markHeight = std::clamp(row * 0.6, 1.0, 10.0);

    QString svg = svgOpen(f, QStringLiteral("Arrivals over time"));
    const double yStep = std::max(1.0, niceStep(f.y1, 5));
    valueAxis(
        svg, f, yStep, [](double v) { return v < 1 ? QString() : QString::number(std::lround(v)); },
        QStringLiteral("frames in one read"));
    timeAxis(svg, f);
    marker(svg, f, f.px(double(main->openUs) / 1000.0), QStringLiteral("open"));
    if (main->ended())
        marker(svg, f, f.px(double(main->endUs) / 1000.0), endLabel(*main), endIsBad(*main));
    if (const Stream *resume = timeline.stream(QStringLiteral("resume"));
        resume && resume->startUs >= 0 && resume->startUs / 1000.0 <= f.x1)
        marker(svg, f, f.px(double(resume->startUs) / 1000.0), QStringLiteral("reconnect"), false,
               f.plotTop() + 10);

    // A read of several frames is a line as tall as its frames, drawn once, under its marks:
    // it shows the clump even where only some of its frames are points.
    QString reads;
    qint64 previousRead = -1;
    for (const Point &p : main->points) {
        if (p.readFrames > 1 && (p.readNo == 0 || p.readNo != previousRead)) {
            reads += QStringLiteral("M%1 %2V%3")
                         .arg(num(f.px(double(p.us) / 1000.0)), num(f.plotBottom()),
                              num(f.py(p.readFrames)));
        }
        previousRead = p.readNo;
    }
    if (!reads.isEmpty()) {
        svg += QStringLiteral("<path class=\"stem\" stroke=\"%1\" stroke-width=\"1\" "
                              "stroke-opacity=\"0.45\" d=\"%2\"/>\n")
                   .arg(lit(kComment), reads);
    }

    QString events, heartbeats, comments;
    for (const Point &p : main->points) {
        const double x = f.px(double(p.us) / 1000.0);
        const double y = f.py(p.inRead + 1) - markHeight / 2;
        switch (p.kind) {
        case Point::Kind::Event:
            events += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"3\" height=\"%3\"/>")
                          .arg(num(x - 1.5), num(y), num(markHeight));
            break;
        case Point::Kind::Heartbeat:
            heartbeats +=
                QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"%3\"/>")
                    .arg(num(x), num(y + markHeight / 2), num(std::max(1.0, markHeight / 2)));
            break;
        case Point::Kind::Comment:
            comments += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"3\" height=\"%3\"/>")
                            .arg(num(x - 1.5), num(y), num(markHeight));
            break;
        }
    }
    svg += QStringLiteral("<g class=\"ev\" fill=\"%1\">%2</g>\n").arg(lit(kEvent), events);
    svg += QStringLiteral("<g class=\"hb\" fill=\"%1\">%2</g>\n").arg(lit(kHeartbeat), heartbeats);
    svg += QStringLiteral("<g class=\"cm\" fill=\"none\" stroke=\"%1\">%2</g>\n")
               .arg(lit(kComment), comments);
    if (main->points.isEmpty()) {
        svg += QStringLiteral("<text class=\"lbl\" x=\"%1\" y=\"%2\" text-anchor=\"middle\">no "
                              "frame arrived while the stream was held</text>\n")
                   .arg(num((f.left + f.width - f.right) / 2),
                        num((f.plotTop() + f.plotBottom()) / 2));
    }
    legend(svg, f,
           {{eventSwatch(), QStringLiteral("events (%1)").arg(main->count(Point::Kind::Event))},
            {heartbeatSwatch(),
             QStringLiteral("heartbeats (%1)").arg(main->count(Point::Kind::Heartbeat))},
            {commentSwatch(),
             QStringLiteral("other comments (%1)").arg(main->count(Point::Kind::Comment))},
            {readSwatch(), QStringLiteral("a read of several frames")}});
    svg += QStringLiteral("</svg>\n");
    return svg;
}

QString DoctorHtml::latencyPlot(const DoctorTimeline &timeline)
{
    const Stream *main = timeline.stream(QStringLiteral("main"));
    if (!main)
        return empty(QStringLiteral("no stream was asked for."));
    if (!main->opened())
        return empty(QStringLiteral("the stream never opened."));
    if (main->points.isEmpty())
        return empty(QStringLiteral("no frame arrived while the stream was held."));
    QList<const Point *> stamped;
    for (const Point &p : main->points) {
        if (p.hasStamp())
            stamped.append(&p);
    }
    Frame f;
    f.x1 = std::max<double>(1, double(lastUs(*main)) / 1000.0);
    QString svg;
    if (!stamped.isEmpty()) {
        double low = 0;
        double high = 1;
        for (const Point *p : stamped) {
            low = std::min(low, p->stampLatencyMs);
            high = std::max(high, p->stampLatencyMs);
        }
        const double step = niceStep(high - low, 5);
        f.y0 = std::floor(low / step) * step;
        f.y1 = std::max(f.y0 + step, std::ceil(high / step) * step);
        svg = svgOpen(f, QStringLiteral("Heartbeat stamp latency over time"));
        valueAxis(
            svg, f, step, [step](double v) { return latencyTick(v, step); },
            QStringLiteral("stamp latency"));
        timeAxis(svg, f);
        if (f.y0 < 0) {
            svg += QStringLiteral("<line class=\"axis\" stroke=\"%1\" x1=\"%2\" y1=\"%3\" "
                                  "x2=\"%4\" y2=\"%3\"/>\n")
                       .arg(lit(kMuted), num(f.left), num(f.py(0)), num(f.width - f.right));
        }
        QString line;
        QString marks;
        for (const Point *p : stamped) {
            const double x = f.px(double(p->us) / 1000.0);
            const double y = f.py(p->stampLatencyMs);
            line += (line.isEmpty() ? QStringLiteral("M") : QStringLiteral(" L")) + num(x) + u' '
                + num(y);
            marks += QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"2.5\"/>").arg(num(x), num(y));
        }
        svg += QStringLiteral("<path class=\"line\" fill=\"none\" stroke=\"%1\" "
                              "stroke-width=\"1.2\" stroke-opacity=\"0.6\" d=\"%2\"/>\n")
                   .arg(lit(kHeartbeat), line);
        svg += QStringLiteral("<g class=\"hb\" fill=\"%1\">%2</g>\n").arg(lit(kHeartbeat), marks);
        legend(
            svg, f,
            {{heartbeatSwatch(), QStringLiteral("stamped heartbeats (%1)").arg(stamped.size())}});
        svg += QStringLiteral("</svg>\n");
        return svg;
    }
    // Without stamps: the silence before each frame.
    double high = 1;
    for (const Point &p : main->points)
        high = std::max(high, double(p.gapUs) / 1000.0);
    const double step = niceStep(high, 5);
    f.y1 = std::ceil(high / step) * step;
    svg = svgOpen(f, QStringLiteral("Gaps between frames over time"));
    valueAxis(
        svg, f, step, [step](double v) { return latencyTick(v, step); },
        QStringLiteral("silence before the frame"));
    timeAxis(svg, f);
    QString stems;
    QString events, heartbeats, comments;
    for (const Point &p : main->points) {
        const double x = f.px(double(p.us) / 1000.0);
        const double y = f.py(double(p.gapUs) / 1000.0);
        stems += QStringLiteral("M%1 %2V%3").arg(num(x), num(f.plotBottom()), num(y));
        const QString mark =
            QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"2.5\"/>").arg(num(x), num(y));
        (p.kind == Point::Kind::Event           ? events
             : p.kind == Point::Kind::Heartbeat ? heartbeats
                                                : comments) += mark;
    }
    svg += QStringLiteral("<path class=\"stem\" stroke=\"%1\" stroke-width=\"1\" "
                          "stroke-opacity=\"0.5\" d=\"%2\"/>\n")
               .arg(lit(kComment), stems);
    svg += QStringLiteral("<g class=\"ev\" fill=\"%1\">%2</g>\n").arg(lit(kEvent), events);
    svg += QStringLiteral("<g class=\"hb\" fill=\"%1\">%2</g>\n").arg(lit(kHeartbeat), heartbeats);
    svg += QStringLiteral("<g class=\"cm\" fill=\"none\" stroke=\"%1\">%2</g>\n")
               .arg(lit(kComment), comments);
    legend(svg, f,
           {{eventSwatch(), QStringLiteral("events")},
            {heartbeatSwatch(), QStringLiteral("heartbeats")},
            {commentSwatch(), QStringLiteral("other comments")}});
    svg += QStringLiteral("</svg>\n");
    return svg;
}

QString DoctorHtml::reconnectPlot(const DoctorTimeline &timeline)
{
    const Stream *main = timeline.stream(QStringLiteral("main"));
    const Stream *resume = timeline.stream(QStringLiteral("resume"));
    const Stream *afterEnd = timeline.stream(QStringLiteral("after-end"));
    if (!main || !main->opened())
        return empty(QStringLiteral("the stream never opened, so there was nothing to resume."));
    if (!resume || resume->startUs < 0) {
        return empty(QStringLiteral("no reconnect was made in this run (the resume probe's "
                                    "coverage below says why)."));
    }
    // The window: from a little before the main stream ended (or the reconnect began) to the
    // end of the run, so that the replay is readable on a long run.
    const double mainEnd = double(main->ended() ? main->endUs : main->observedUntilUs) / 1000.0;
    const double anchor = std::min(mainEnd, double(resume->startUs) / 1000.0);
    const double end =
        double(std::max({lastUs(*main), lastUs(*resume), afterEnd ? lastUs(*afterEnd) : 0}))
        / 1000.0;
    Frame f;
    f.height = afterEnd ? 320 : 250;
    f.left = 90;
    f.top = 50;
    f.x1 = std::max(end, anchor + 1);
    f.x0 = std::max(0.0, anchor - std::max(1000.0, (f.x1 - anchor) * 0.5));
    f.y0 = 0;
    // The lanes, top down: main, the reconnect, and the reconnect after the end when made.
    f.y1 = afterEnd ? 4 : 3;
    const double mainY = f.py(f.y1 - 1);
    const double resumeY = f.py(f.y1 - 2);
    const double afterEndY = f.py(1);

    QString svg = svgOpen(f, QStringLiteral("The reconnect with Last-Event-ID"));
    timeAxis(svg, f);
    svg += QStringLiteral("<g class=\"lbl\" fill=\"%1\" text-anchor=\"end\">"
                          "<text x=\"%2\" y=\"%3\">main</text>"
                          "<text x=\"%2\" y=\"%4\">reconnect</text></g>\n")
               .arg(lit(kFg), num(f.left - 8), num(mainY + 4), num(resumeY + 4));
    if (afterEnd) {
        svg += QStringLiteral("<g class=\"lbl\" fill=\"%1\" text-anchor=\"end\">"
                              "<text x=\"%2\" y=\"%3\">after end</text></g>\n")
                   .arg(lit(kFg), num(f.left - 8), num(afterEndY + 4));
    }

    const auto clampX = [&f](double ms) {
        return f.px(std::clamp(ms, f.x0, f.x1));
    };
    const auto lifeLine = [&](const Stream &s, double y) {
        if (!s.opened())
            return;
        const double from = double(s.openUs) / 1000.0;
        const double to = double(s.ended() ? s.endUs : s.observedUntilUs) / 1000.0;
        if (to < f.x0)
            return;
        svg += QStringLiteral("<line class=\"life\" stroke=\"%1\" stroke-width=\"8\" "
                              "stroke-linecap=\"round\" x1=\"%2\" y1=\"%3\" x2=\"%4\" "
                              "y2=\"%3\"/>\n")
                   .arg(lit(kLife), num(clampX(from)), num(y), num(clampX(to)));
    };
    lifeLine(*main, mainY);
    lifeLine(*resume, resumeY);
    if (afterEnd)
        lifeLine(*afterEnd, afterEndY);

    // A labelled tick on a lane: above it, or below.
    const auto laneMark = [&](double ms, double y, const QString &label, bool bad, bool below) {
        const double x = f.px(ms);
        const QString cls = bad ? QStringLiteral("err") : QStringLiteral("mark");
        svg += QStringLiteral("<line class=\"%1\" stroke=\"%2\" stroke-width=\"2\" x1=\"%3\" "
                              "y1=\"%4\" x2=\"%3\" y2=\"%5\"/>")
                   .arg(cls, lit(bad ? kError : kMuted), num(x), num(y - 12), num(y + 12));
        svg += QStringLiteral("<text class=\"%1\" fill=\"%2\" x=\"%3\" y=\"%4\" "
                              "text-anchor=\"%5\">%6</text>\n")
                   .arg(bad ? QStringLiteral("err") : QStringLiteral("lbl"),
                        lit(bad ? kError : kFg), num(x), num(below ? y + 26 : y - 17),
                        textAnchor(x, label, f.left, f.width - 4), label);
    };
    if (main->ended() && mainEnd >= f.x0)
        laneMark(mainEnd, mainY, endLabel(*main), endIsBad(*main), false);
    else if (!main->ended())
        laneMark(f.x1, mainY, endLabel(*main), false, false);
    // A reconnect's request, its answer and its end. After a finished stream's last event a
    // 204 is the answer EventSource needs, not a failure.
    const auto reconnectMarks = [&](const Stream &s, double y, bool noContentIsRight) {
        if (s.startUs >= 0) {
            laneMark(double(s.startUs) / 1000.0, y,
                     s.lastEventId.isEmpty() ? QStringLiteral("request, no Last-Event-ID")
                                             : QStringLiteral("request, Last-Event-ID: ")
                             + escaped(QString::fromUtf8(s.lastEventId), 40),
                     false, true);
        }
        if (s.opened()) {
            laneMark(double(s.openUs) / 1000.0, y,
                     s.status > 0 ? QStringLiteral("open, HTTP %1").arg(s.status)
                                  : QStringLiteral("open"),
                     false, false);
        } else if (s.ended()) {
            laneMark(double(s.endUs) / 1000.0, y, endLabel(s),
                     !(noContentIsRight && s.status == 204), false);
        }
        if (s.opened() && s.ended())
            laneMark(double(s.endUs) / 1000.0, y, endLabel(s), endIsBad(s), true);
    };
    reconnectMarks(*resume, resumeY, false);
    if (afterEnd)
        reconnectMarks(*afterEnd, afterEndY, true);

    QString mainEvents, replayed, fresh, heartbeats;
    qint64 replayedCount = 0, freshCount = 0;
    const auto marks = [&](const Stream &s, double y, bool isResume) {
        for (const Point &p : s.points) {
            const double ms = double(p.us) / 1000.0;
            if (ms < f.x0 || ms > f.x1)
                continue;
            const double x = f.px(ms);
            if (p.kind == Point::Kind::Event) {
                const QString mark = QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"4\" "
                                                    "height=\"10\"/>")
                                         .arg(num(x - 2), num(y - 5));
                if (!isResume) {
                    mainEvents += mark;
                } else if (p.replayed) {
                    replayed += mark;
                    ++replayedCount;
                } else {
                    fresh += mark;
                    ++freshCount;
                }
            } else {
                heartbeats +=
                    QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"2.5\"/>").arg(num(x), num(y));
            }
        }
    };
    marks(*main, mainY, false);
    marks(*resume, resumeY, true);
    if (afterEnd)
        marks(*afterEnd, afterEndY, true);
    svg += QStringLiteral("<g class=\"ev\" fill=\"%1\">%2%3</g>\n")
               .arg(lit(kEvent), mainEvents, fresh);
    svg += QStringLiteral("<g class=\"rp\" fill=\"%1\">%2</g>\n").arg(lit(kReplayed), replayed);
    svg += QStringLiteral("<g class=\"hb\" fill=\"%1\">%2</g>\n").arg(lit(kHeartbeat), heartbeats);
    legend(
        svg, f,
        {{eventSwatch("rp", kReplayed), QStringLiteral("replayed events (%1)").arg(replayedCount)},
         {eventSwatch(), QStringLiteral("other events (%1 on the reconnect)").arg(freshCount)},
         {heartbeatSwatch(), QStringLiteral("heartbeats and comments")}});
    svg += QStringLiteral("</svg>\n");
    return svg;
}

QByteArray DoctorHtml::page(const DoctorReport &report)
{
    const DoctorTimeline &timeline = report.timeline;
    QString out;
    out.reserve(64 * 1024);
    const QString url = escaped(report.url, 2000);
    out += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                          "<meta name=\"viewport\" content=\"width=device-width, "
                          "initial-scale=1\"/>\n<title>ssemon doctor: ")
        + url + QStringLiteral("</title>\n<style>") + QString::fromLatin1(kStyle)
        + QStringLiteral("</style>\n</head>\n<body>\n<header>\n<h1>ssemon doctor</h1>\n"
                         "<p class=\"url\"><code>")
        + url + QStringLiteral("</code></p>\n");

    // The verdict at a glance.
    int counts[3] = {0, 0, 0};
    for (const DoctorFinding &finding : report.findings)
        ++counts[int(finding.severity)];
    const Stream *main = timeline.stream(QStringLiteral("main"));
    if (report.findings.isEmpty()) {
        out += QStringLiteral("<p class=\"verdict sev-ok\">&#x2714; Healthy: nothing measured "
                              "here is wrong</p>\n");
    } else {
        const DoctorFinding::Severity worst = report.worst();
        QStringList parts;
        const auto part = [&parts](int n, const char *one, const char *many) {
            if (n > 0)
                parts.append(QStringLiteral("%1 %2").arg(n).arg(lit(n == 1 ? one : many)));
        };
        part(counts[int(DoctorFinding::Severity::Error)], "error", "errors");
        part(counts[int(DoctorFinding::Severity::Warning)], "warning", "warnings");
        part(counts[int(DoctorFinding::Severity::Info)], "note", "notes");
        const QString what = worst == DoctorFinding::Severity::Error ? QStringLiteral("Broken")
            : worst == DoctorFinding::Severity::Warning ? QStringLiteral("Needs attention")
                                                        : QStringLiteral("Healthy, with notes");
        out += QStringLiteral("<p class=\"verdict sev-%1\">%2 %3: %4</p>\n")
                   .arg(DoctorFinding::severityName(worst), lit(severityIcon(worst)), what,
                        parts.join(QStringLiteral(", ")));
    }
    out += QStringLiteral("<dl class=\"run\">\n");
    const auto row = [&out](const QString &term, const QString &value) {
        out += QStringLiteral("<dt>%1</dt><dd>%2</dd>\n").arg(term, value);
    };
    if (timeline.startedUtc.isValid())
        row(QStringLiteral("started"),
            timeline.startedUtc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
    row(QStringLiteral("budget"), duration(report.budgetMs * 1000));
    row(QStringLiteral("ran"), duration(report.elapsedMs * 1000));
    row(QStringLiteral("the run ended"), escaped(report.endedBy, 300));
    if (main) {
        QString stream;
        if (!main->opened()) {
            stream = QStringLiteral("never opened: ") + escaped(main->endShort(), 100);
            if (!main->endReason.isEmpty())
                stream += QStringLiteral(" (") + escaped(main->endReason, 300) + u')';
        } else if (main->ended()) {
            stream = QStringLiteral("%1 after %2 open (%3)")
                         .arg(escaped(main->endShort(), 100), duration(main->endUs - main->openUs),
                              escaped(main->endReason, 300));
        } else {
            stream = QStringLiteral("held open for %1")
                         .arg(duration(std::max<qint64>(0, main->observedUntilUs - main->openUs)));
        }
        row(QStringLiteral("the stream"), stream);
        row(QStringLiteral("frames"),
            QStringLiteral("%1 events, %2 comments, %3 of them heartbeats")
                .arg(main->events)
                .arg(main->comments)
                .arg(main->heartbeats));
    }
    out += QStringLiteral("</dl>\n</header>\n");

    // Findings, most severe first (whatever order the report holds them in).
    out += QStringLiteral("<section id=\"findings\">\n<h2>Findings</h2>\n");
    QList<DoctorFinding> findings = report.findings;
    std::stable_sort(
        findings.begin(), findings.end(),
        [](const DoctorFinding &a, const DoctorFinding &b) { return a.severity > b.severity; });
    if (findings.isEmpty())
        out += QStringLiteral("<p>No findings: nothing measured here is wrong.</p>\n");
    for (const DoctorFinding &f : findings) {
        const QString severity = DoctorFinding::severityName(f.severity);
        out +=
            QStringLiteral("<article class=\"finding sev-%1\">\n<h3><span class=\"sev\">%2 "
                           "%1</span><span class=\"title\">%3</span><code "
                           "class=\"id\">%4</code></h3>\n")
                .arg(severity, lit(severityIcon(f.severity)), escaped(f.title), escaped(f.id, 200));
        if (!f.evidence.isEmpty()) {
            QStringList lines;
            for (const QString &line : f.evidence)
                lines.append(escaped(line));
            out += QStringLiteral("<pre>") + lines.join(u'\n') + QStringLiteral("</pre>\n");
        }
        if (!f.fix.isEmpty())
            out += QStringLiteral("<p class=\"fix\"><strong>Fix:</strong> %1</p>\n")
                       .arg(escaped(f.fix));
        out += QStringLiteral("</article>\n");
    }
    out += QStringLiteral("</section>\n");

    // The plots.
    out += QStringLiteral("<section id=\"plots\">\n<h2>What the stream showed</h2>\n");
    const QString note = main ? sampling(*main) : QString();
    out += figure(arrivalsPlot(timeline),
                  QStringLiteral("Arrivals: each frame is a mark at the time it was read; the "
                                 "frames of one network read are stacked, so a stream held "
                                 "in a buffer shows as tall clumps after silences, a healthy "
                                 "one as single marks at its own pace.")
                      + note);
    const bool stamps = main
        && std::any_of(main->points.cbegin(), main->points.cend(),
                       [](const Point &p) { return p.hasStamp(); });
    out += figure(latencyPlot(timeline),
                  stamps ? QStringLiteral("Heartbeat latency: each heartbeat's arrival minus the "
                                          "time stamp it carries (the server's clock against "
                                          "this one). Level means delivered as sent; a sawtooth, "
                                          "rising and then dropping at once, means heartbeats "
                                          "were held and released together.")
                         : QStringLiteral("Gaps: the silence before each frame (no heartbeat "
                                          "carried a time stamp). An even row is a steady "
                                          "stream; a tall spike followed by frames at no gap "
                                          "is a clump released by a buffer."));
    out += figure(reconnectPlot(timeline),
                  QStringLiteral("The reconnect: where the main stream ended (or the run "
                                 "stopped holding it), when the reconnect with Last-Event-ID "
                                 "was asked for and opened, and its events: green ones were "
                                 "replayed (the main stream had them before the reconnect "
                                 "began), blue ones are new or live on both. A reconnect "
                                 "without green marks after missed events lost them. When the "
                                 "server ended the stream, a last lane shows what a reconnect "
                                 "with the last event's id got: a 204 (clients stop), nothing, "
                                 "new events, or green ones (the stream started again)."));
    out += QStringLiteral("</section>\n");

    // The measured facts.
    out += QStringLiteral("<section id=\"facts\">\n<h2>Measured</h2>\n");
    if (report.facts.isEmpty()) {
        out += QStringLiteral("<p>Nothing was measured.</p>\n");
    } else {
        out += QStringLiteral("<table>\n<thead><tr><th>probe</th><th>what</th><th>value</th>"
                              "</tr></thead>\n<tbody>\n");
        for (const DoctorFact &fact : report.facts) {
            out +=
                QStringLiteral("<tr><td>%1</td><td>%2</td><td class=\"value\">%3</td></tr>\n")
                    .arg(escaped(fact.probe, 200), escaped(fact.label, 500), escaped(fact.value));
        }
        out += QStringLiteral("</tbody>\n</table>\n");
    }
    out += QStringLiteral("</section>\n");

    // What each probe could measure.
    out += QStringLiteral("<section id=\"coverage\">\n<h2>Coverage</h2>\n");
    if (report.coverage.isEmpty()) {
        out += QStringLiteral("<p>No probe ran.</p>\n");
    } else {
        out += QStringLiteral("<ul class=\"coverage\">\n");
        for (const DoctorCoverage &c : report.coverage) {
            out += QStringLiteral("<li>%1 <strong>%2</strong>: %3</li>\n")
                       .arg(c.measured ? QStringLiteral("<span class=\"yes\">&#x2714; "
                                                        "measured</span>")
                                       : QStringLiteral("<span class=\"no\">&#x2013; not "
                                                        "measured</span>"),
                            escaped(c.probe, 200), escaped(c.note));
        }
        out += QStringLiteral("</ul>\n");
    }
    out += QStringLiteral("</section>\n");
    out += QStringLiteral("<footer>Written by ssemon-cli doctor %1 (%2). This page is "
                          "self-contained: no script, nothing loaded from anywhere.</footer>\n"
                          "</body>\n</html>\n")
               .arg(lit(Version::number()), lit(Version::commit()));
    return out.toUtf8();
}
