#include <QTest>
#include "sse/sseparser.h"
class TestSseParser : public QObject { Q_OBJECT private Q_SLOTS: void smoke() { } };
QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
