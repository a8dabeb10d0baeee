#include "models/csv_export.h"

#include <QAbstractItemModel>
#include <QIODevice>
#include <QString>
#include <QStringList>

namespace {

QString field(const QString &value)
{
    static const QString special = QStringLiteral(",\"\r\n");
    bool quote = false;
    for (QChar c : value)
        quote = quote || special.contains(c);
    // A leading = + @ would be run as a formula by spreadsheets. (A leading
    // minus is left alone: negative amounts are common and meant as numbers.)
    QString text = value;
    if (!text.isEmpty() && QStringLiteral("=+@").contains(text.front()))
        text.prepend(QLatin1Char('\''));
    if (!quote)
        return text;
    text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

} // namespace

bool writeCsv(const QAbstractItemModel &model, QIODevice *device, QString *error)
{
    const int columns = model.columnCount();
    auto writeLine = [device](const QStringList &fields) {
        return device->write((fields.join(QLatin1Char(',')) + QStringLiteral("\r\n")).toUtf8()) >= 0;
    };
    QStringList header;
    for (int c = 0; c < columns; ++c)
        header.append(field(model.headerData(c, Qt::Horizontal).toString()));
    bool ok = writeLine(header);
    for (int r = 0; ok && r < model.rowCount(); ++r) {
        QStringList fields;
        for (int c = 0; c < columns; ++c)
            fields.append(field(model.index(r, c).data().toString()));
        ok = writeLine(fields);
    }
    if (!ok && error)
        *error = device->errorString();
    return ok;
}
