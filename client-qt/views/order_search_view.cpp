#include "views/order_search_view.h"

#include "models/csv_export.h"
#include "models/display_text.h"
#include "models/model_roles.h"
#include "models/node_list_model.h"
#include "models/order_search_model.h"
#include "models/saved_searches.h"
#include "services/call_error.h"
#include "views/busy_indicator.h"
#include "views/data_table.h"
#include "views/desk_theme.h"
#include "views/status_filter_button.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMenu>
#include <QToolButton>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace {

// QDateEdit has no empty state: its minimum date shows as "any".
const QDate kAnyDate(2000, 1, 1);

QDateEdit *makeDateEdit(QWidget *parent, const QString &name)
{
    auto *edit = new QDateEdit(parent);
    edit->setObjectName(name);
    edit->setCalendarPopup(true);
    edit->setMinimumDate(kAnyDate);
    edit->setSpecialValueText(QStringLiteral("any"));
    edit->setDate(kAnyDate);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    return edit;
}

QDate dateOf(const QDateEdit *edit)
{
    return edit->date() == kAnyDate ? QDate() : edit->date();
}

} // namespace

OrderSearchView::OrderSearchView(OrderClient *orders, NodeListModel *nodes, QWidget *parent)
    : QWidget(parent),
      m_model(new OrderSearchModel(orders, this)),
      m_nodes(nodes),
      m_number(new QLineEdit(this)),
      m_email(new QLineEdit(this)),
      m_phone(new QLineEdit(this)),
      m_name(new QLineEdit(this)),
      m_sku(new QLineEdit(this)),
      m_statuses(new StatusFilterButton(this)),
      m_channel(new QComboBox(this)),
      m_node(new QComboBox(this)),
      m_region(new QComboBox(this)),
      m_from(makeDateEdit(this, QStringLiteral("createdFrom"))),
      m_to(makeDateEdit(this, QStringLiteral("createdTo"))),
      m_searchButton(new QPushButton(QStringLiteral("&Search"), this)),
      m_exportButton(new QPushButton(QStringLiteral("E&xport CSV…"), this)),
      m_table(new QTableView(this)),
      m_busy(new BusyIndicator(this)),
      m_count(new QLabel(this)),
      m_error(new QLabel(this))
{
    m_saved = new SavedSearches(this);
    m_savedButton = new QToolButton(this);
    const struct { QLineEdit *edit; const char *name; const char *placeholder; } edits[] = {
            {m_number, "orderNumber", "EU1-7Q2M-K9XD or a prefix"},
            {m_email, "email", "exact address"},
            {m_phone, "phone", "digits, any format"},
            {m_name, "customerName", "start of a name"},
            {m_sku, "sku", "SKU"},
    };
    for (const auto &e : edits) {
        e.edit->setObjectName(QString::fromLatin1(e.name));
        e.edit->setPlaceholderText(QString::fromLatin1(e.placeholder));
        e.edit->setClearButtonEnabled(true);
        connect(e.edit, &QLineEdit::returnPressed, this, &OrderSearchView::search);
    }
    m_statuses->setObjectName(QStringLiteral("statuses"));
    m_channel->setObjectName(QStringLiteral("channel"));
    m_channel->setEditable(true);
    m_channel->addItem(QString());
    m_channel->addItems(DisplayText::knownChannels());
    m_channel->lineEdit()->setPlaceholderText(QStringLiteral("any"));
    connect(m_channel->lineEdit(), &QLineEdit::returnPressed, this, &OrderSearchView::search);
    m_node->setObjectName(QStringLiteral("node"));
    m_node->setModel(m_nodes);
    m_region->setObjectName(QStringLiteral("region"));
    m_region->addItem(QStringLiteral("any"), QString());
    connect(m_nodes, &NodeListModel::loaded, this, &OrderSearchView::fillRegions);

    auto *filters = new QFrame(this);
    DeskTheme::setRole(filters, "filters");
    auto *grid = new QGridLayout(filters);
    grid->setContentsMargins(10, 8, 10, 8);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(6);
    auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    grid->addWidget(label(QStringLiteral("&Order"), m_number), 0, 0);
    grid->addWidget(m_number, 0, 1);
    grid->addWidget(label(QStringLiteral("&Email"), m_email), 0, 2);
    grid->addWidget(m_email, 0, 3);
    grid->addWidget(label(QStringLiteral("&Phone"), m_phone), 0, 4);
    grid->addWidget(m_phone, 0, 5);
    grid->addWidget(label(QStringLiteral("&Name"), m_name), 0, 6);
    grid->addWidget(m_name, 0, 7);
    grid->addWidget(label(QStringLiteral("S&KU"), m_sku), 0, 8);
    grid->addWidget(m_sku, 0, 9);
    grid->addWidget(label(QStringLiteral("Stat&us"), m_statuses), 1, 0);
    grid->addWidget(m_statuses, 1, 1);
    grid->addWidget(label(QStringLiteral("C&hannel"), m_channel), 1, 2);
    grid->addWidget(m_channel, 1, 3);
    grid->addWidget(label(QStringLiteral("No&de"), m_node), 1, 4);
    grid->addWidget(m_node, 1, 5);
    grid->addWidget(label(QStringLiteral("&Region"), m_region), 1, 6);
    grid->addWidget(m_region, 1, 7);
    auto *dates = new QHBoxLayout;
    dates->addWidget(m_from, 1);
    dates->addWidget(new QLabel(QStringLiteral("to"), this));
    dates->addWidget(m_to, 1);
    grid->addWidget(label(QStringLiteral("Created"), m_from), 1, 8);
    grid->addLayout(dates, 1, 9);
    for (int column : {1, 3, 5, 7, 9})
        grid->setColumnStretch(column, 1);

    m_searchButton->setObjectName(QStringLiteral("search"));
    m_searchButton->setIcon(DeskTheme::icon(QStringLiteral("search"), palette()));
    DeskTheme::setRole(m_searchButton, "primary");
    auto *clear = new QPushButton(QStringLiteral("C&lear"), this);
    clear->setIcon(DeskTheme::icon(QStringLiteral("clear"), palette()));
    m_exportButton->setObjectName(QStringLiteral("exportCsv"));
    m_exportButton->setIcon(DeskTheme::icon(QStringLiteral("export"), palette()));
    m_exportButton->setToolTip(QStringLiteral("Save every result of this search as CSV"));
    m_count->setObjectName(QStringLiteral("resultCount"));
    DeskTheme::setRole(m_count, "caption");
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_searchButton);
    actions->addWidget(clear);
    m_savedButton->setObjectName(QStringLiteral("savedSearches"));
    m_savedButton->setText(QStringLiteral("Sa&ved searches"));
    m_savedButton->setToolTip(QStringLiteral("Run a search you saved, or save this one by name"));
    m_savedButton->setPopupMode(QToolButton::InstantPopup);
    m_savedButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_savedButton->setMenu(new QMenu(m_savedButton));
    actions->addWidget(m_savedButton);
    actions->addSpacing(12);
    actions->addWidget(m_busy);
    actions->addWidget(m_count, 1);
    actions->addWidget(m_exportButton);
    grid->addLayout(actions, 2, 0, 1, 10);

    m_error->setObjectName(QStringLiteral("searchError"));
    DeskTheme::setRole(m_error, "error");
    m_error->setWordWrap(true);
    m_error->hide();

    m_table->setObjectName(QStringLiteral("orderTable"));
    m_table->setModel(m_model);
    setUpDataTable(m_table);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(false);
    // Fixed widths: sizing columns to their contents would measure every row
    // that arrives, which stalls the GUI on long result lists.
    const int widths[OrderSearchModel::ColumnCount] = {118, 120, 130, 175, 62, 54, 102, 136, 118, 120, 44, 88};
    for (int c = 0; c < OrderSearchModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, widths[c]);
    m_table->horizontalHeader()->setSectionResizeMode(OrderSearchModel::HoldsColumn, QHeaderView::Stretch);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(OrderSearchModel::CreatedColumn, Qt::DescendingOrder);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(filters);
    auto *errorBox = new QVBoxLayout;
    errorBox->setContentsMargins(10, 6, 10, 0);
    errorBox->addWidget(m_error);
    layout->addLayout(errorBox);
    layout->addWidget(m_table, 1);

    setTabOrder(m_number, m_email);
    setTabOrder(m_email, m_phone);
    setTabOrder(m_phone, m_name);
    setTabOrder(m_name, m_sku);
    setTabOrder(m_sku, m_statuses);
    setTabOrder(m_statuses, m_channel);
    setTabOrder(m_channel, m_node);
    setTabOrder(m_node, m_region);
    setTabOrder(m_region, m_from);
    setTabOrder(m_from, m_to);
    setTabOrder(m_to, m_searchButton);
    setTabOrder(m_searchButton, m_table);

    connect(m_searchButton, &QPushButton::clicked, this, &OrderSearchView::search);
    connect(clear, &QPushButton::clicked, this, &OrderSearchView::clearFilters);
    connect(m_exportButton, &QPushButton::clicked, this, &OrderSearchView::chooseExportFile);
    connect(m_savedButton->menu(), &QMenu::aboutToShow, this, &OrderSearchView::fillSavedMenu);
    connect(m_table, &QTableView::activated, this,
            [this](const QModelIndex &index) { openRow(index.row()); });
    connect(m_model, &OrderSearchModel::busyChanged, m_busy, &BusyIndicator::setRunning);
    connect(m_model, &OrderSearchModel::busyChanged, this, &OrderSearchView::updateStatusLine);
    connect(m_model, &OrderSearchModel::pageLoaded, this, &OrderSearchView::updateStatusLine);
    connect(m_model, &OrderSearchModel::errorChanged, this, &OrderSearchView::showError);
    connect(m_model, &OrderSearchModel::allFetched, this, &OrderSearchView::writeExport);
    updateStatusLine();
}

OrderSearchFilter OrderSearchView::currentFilter() const
{
    OrderSearchFilter filter;
    filter.orderNumber = m_number->text();
    filter.email = m_email->text();
    filter.phone = m_phone->text();
    filter.customerName = m_name->text();
    filter.sku = m_sku->text();
    filter.statuses = m_statuses->selected();
    filter.channel = m_channel->currentText();
    filter.nodeId = m_nodes->nodeId(m_node->currentIndex());
    filter.region = m_region->currentData().toString();
    filter.createdFrom = dateOf(m_from);
    filter.createdTo = dateOf(m_to);
    return filter;
}

void OrderSearchView::setFilter(const OrderSearchFilter &filter)
{
    m_number->setText(filter.orderNumber);
    m_email->setText(filter.email);
    m_phone->setText(filter.phone);
    m_name->setText(filter.customerName);
    m_sku->setText(filter.sku);
    m_statuses->setSelected(filter.statuses);
    m_channel->setCurrentText(filter.channel);
    m_node->setCurrentIndex(qMax(0, m_node->findData(filter.nodeId, KeyRole)));
    m_region->setCurrentIndex(qMax(0, m_region->findData(filter.region)));
    m_from->setDate(filter.createdFrom.isValid() ? filter.createdFrom : kAnyDate);
    m_to->setDate(filter.createdTo.isValid() ? filter.createdTo : kAnyDate);
}

void OrderSearchView::search()
{
    const OrderSearchFilter filter = currentFilter();
    if (filter.createdFrom.isValid() && filter.createdTo.isValid()
        && filter.createdTo < filter.createdFrom) {
        showError(QStringLiteral("The end of the date range is before its start."));
        m_to->setFocus();
        return;
    }
    const QString number = filter.orderNumber.trimmed();
    if (!number.isEmpty() && number.size() < 5) {
        showError(QStringLiteral("Type at least 5 characters of the order number, e.g. EU1-7."));
        m_number->setFocus();
        return;
    }
    m_model->search(filter);
}

QString OrderSearchView::saveSearchAs(const QString &name)
{
    const QString problem = m_saved->save(name, currentFilter());
    if (!problem.isEmpty())
        showError(problem);
    else
        showError(QString());
    return problem;
}

void OrderSearchView::runSavedSearch(const QString &name)
{
    if (!m_saved->contains(name)) {
        showError(QStringLiteral("There is no saved search called \"%1\" any more.").arg(name));
        return;
    }
    setFilter(m_saved->filter(name));
    search();
}

void OrderSearchView::fillSavedMenu()
{
    QMenu *menu = m_savedButton->menu();
    menu->clear();
    const QStringList names = m_saved->names();
    for (const QString &name : names)
        menu->addAction(name, this, [this, name] { runSavedSearch(name); });
    if (names.isEmpty())
        menu->addAction(QStringLiteral("No saved searches yet"))->setEnabled(false);
    menu->addSeparator();
    menu->addAction(QStringLiteral("Save this search…"), this, &OrderSearchView::askNameAndSave);
    if (!names.isEmpty()) {
        QMenu *remove = menu->addMenu(QStringLiteral("Delete"));
        for (const QString &name : names)
            remove->addAction(name, this, [this, name] { m_saved->remove(name); });
    }
}

void OrderSearchView::askNameAndSave()
{
    // Not exec(): the window keeps running while the user types.
    auto *ask = new QInputDialog(this);
    ask->setObjectName(QStringLiteral("saveSearchDialog"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setWindowTitle(QStringLiteral("Save search"));
    ask->setLabelText(QStringLiteral("Name (a saved search of the same name is replaced):"));
    connect(ask, &QInputDialog::textValueSelected, this, [this](const QString &name) { saveSearchAs(name); });
    ask->open();
}

void OrderSearchView::refresh()
{
    if (m_model->hasSearched())
        m_model->refresh();
    else
        search();
}

void OrderSearchView::clearFilters()
{
    setFilter({});
    focusSearch();
}

void OrderSearchView::focusSearch()
{
    m_number->setFocus(Qt::ShortcutFocusReason);
    m_number->selectAll();
}

void OrderSearchView::openRow(int row)
{
    const QString id = m_model->orderId(row);
    if (!id.isEmpty())
        Q_EMIT openOrderRequested(id, m_model->orderNumber(row));
}

void OrderSearchView::updateStatusLine()
{
    const int rows = m_model->rowCount();
    QString text;
    if (!m_model->hasSearched())
        text = QStringLiteral("Type a filter and press Enter");
    else if (m_model->isBusy() && rows == 0)
        text = QStringLiteral("Searching…");
    else if (rows == 0)
        text = QStringLiteral("No orders match");
    else if (m_model->hasMore())
        text = QStringLiteral("%1 orders loaded; scroll for more").arg(rows);
    else
        text = rows == 1 ? QStringLiteral("1 order") : QStringLiteral("%1 orders").arg(rows);
    m_count->setText(text);
    m_exportButton->setEnabled(rows > 0 && m_exportPath.isEmpty());
}

void OrderSearchView::showError(const QString &message)
{
    if (message.isEmpty()) {
        m_error->hide();
        return;
    }
    const bool retrying = m_model->lastError().isTransient();
    if (!m_exportPath.isEmpty() && !retrying) {
        m_exportPath.clear();
        m_exportButton->setText(QStringLiteral("E&xport CSV…"));
        updateStatusLine();
        Q_EMIT exportFinished(false, QStringLiteral("Export stopped: %1").arg(message));
    }
    m_error->setText(QStringLiteral("Search failed: %1%2")
                             .arg(message, retrying ? QStringLiteral(" Retrying by itself; your "
                                                                     "filters are kept.")
                                                    : QString()));
    m_error->show();
}

void OrderSearchView::chooseExportFile()
{
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
            + QStringLiteral("/orders.csv");
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export orders as CSV"),
                                                      suggested, QStringLiteral("CSV (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

void OrderSearchView::exportCsv(const QString &path)
{
    m_exportPath = path;
    m_exportButton->setEnabled(false);
    m_exportButton->setText(QStringLiteral("Exporting…"));
    m_model->fetchAll();
}

void OrderSearchView::writeExport()
{
    const QString path = m_exportPath;
    m_exportPath.clear();
    m_exportButton->setText(QStringLiteral("E&xport CSV…"));
    updateStatusLine();
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    QString problem;
    const bool ok = file.open(QIODevice::WriteOnly) && writeCsv(*m_model, &file, &problem)
            && file.commit();
    if (!ok) {
        const QString message = QStringLiteral("Could not write %1: %2")
                                        .arg(path, problem.isEmpty() ? file.errorString() : problem);
        showError(message);
        Q_EMIT exportFinished(false, message);
        return;
    }
    Q_EMIT exportFinished(true, QStringLiteral("Exported %1 orders to %2").arg(m_model->rowCount()).arg(path));
}

void OrderSearchView::fillRegions()
{
    const QString current = m_region->currentData().toString();
    const QSignalBlocker blocker(m_region);
    m_region->clear();
    m_region->addItem(QStringLiteral("any"), QString());
    for (const QString &region : m_nodes->regions())
        m_region->addItem(region, region);
    m_region->setCurrentIndex(qMax(0, m_region->findData(current)));
}
