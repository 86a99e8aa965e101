// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// MetricsPlot on its own: heartbeat lines break across outages, and the legend names the
// marker kinds in view.
#include "logtestdata.h"
#include "metricsplot.h"

#include <QTest>

class TestMetricsPlot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void breaksAcrossOutages_data();
    void breaksAcrossOutages();
    void legendNamesTheMarkersInView();
};

using Times = QList<qint64>;
using Indexes = QList<qsizetype>;

void TestMetricsPlot::breaksAcrossOutages_data()
{
    QTest::addColumn<Times>("samples");
    QTest::addColumn<Times>("outages");
    QTest::addColumn<Indexes>("breaks");
    QTest::newRow("no outage") << Times {10, 20, 30} << Times {} << Indexes {};
    QTest::newRow("one between") << Times {10, 20, 30} << Times {25} << Indexes {2};
    QTest::newRow("before the first") << Times {10, 20} << Times {5} << Indexes {};
    QTest::newRow("after the last") << Times {10, 20} << Times {25} << Indexes {};
    QTest::newRow("several in one gap") << Times {10, 50} << Times {20, 30, 40} << Indexes {1};
    QTest::newRow("two gaps") << Times {10, 20, 30, 40} << Times {15, 35} << Indexes {1, 3};
    QTest::newRow("at a sample") << Times {10, 20, 30} << Times {20} << Indexes {1};
}

void TestMetricsPlot::breaksAcrossOutages()
{
    QFETCH(Times, samples);
    QFETCH(Times, outages);
    QFETCH(Indexes, breaks);
    QCOMPARE(MetricsPlot::breaksAcrossOutages(samples, outages), breaks);
}

void TestMetricsPlot::legendNamesTheMarkersInView()
{
    MetricsPlot plot;
    QVERIFY(plot.markerLegend().isEmpty());
    const qint64 now = monotonicNowNs();
    plot.addRecords({LogTestData::state(ClientState::Open, now - 3000000000),
                     LogTestData::state(ClientState::Reconnecting, now - 2000000000),
                     LogTestData::state(ClientState::Open, now - 1000000000)});
    QCOMPARE(plot.markerLegend(), (QStringList {"open", "reconnecting"}));
    plot.addFault(now, QStringLiteral("rst"));
    QCOMPARE(plot.markerLegend(), (QStringList {"open", "reconnecting", "fault"}));
    // Out of the window: not listed.
    plot.clear();
    plot.addRecords({LogTestData::state(ClientState::Failed,
                                        now - qint64(plot.windowSeconds() + 10) * 1000000000)});
    QVERIFY(plot.markerLegend().isEmpty());
}

QTEST_MAIN(TestMetricsPlot)
#include "tst_metricsplot.moc"
