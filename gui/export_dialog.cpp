#include "gui/export_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace mf::gui {

ExportDialog::ExportDialog(const QString& suggestedName, int voxelsPerAxis, QWidget* parent)
    : QDialog(parent), voxels_(voxelsPerAxis) {
  setWindowTitle(tr("Export cell"));
  setObjectName("exportDialog");
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;

  format_ = new QComboBox(this);
  format_->setObjectName("formatCombo");
  for (const io::ExportFormat f : io::allExportFormats())
    format_->addItem(QString::fromStdString(io::formatName(f)), static_cast<int>(f));
  form->addRow(tr("Format"), format_);

  unit_ = new QComboBox(this);
  unit_->setObjectName("unitCombo");
  for (const io::LengthUnit u : io::allLengthUnits()) unit_->addItem(QString::fromStdString(io::unitSymbol(u)), static_cast<int>(u));
  form->addRow(tr("Unit"), unit_);

  cellSize_ = new QDoubleSpinBox(this);
  cellSize_->setObjectName("cellSizeSpin");
  cellSize_->setDecimals(4);
  cellSize_->setRange(1e-4, 1e6);
  cellSize_->setToolTip(tr("Edge length of one cell in the chosen unit"));
  form->addRow(tr("Cell size"), cellSize_);

  tiles_ = new QSpinBox(this);
  tiles_->setObjectName("exportTilesSpin");
  tiles_->setRange(1, 8);
  tiles_->setSuffix(QString::fromUtf8("³ cells"));
  form->addRow(tr("Tiling"), tiles_);

  smoothing_ = new QSpinBox(this);
  smoothing_->setObjectName("smoothingSpin");
  smoothing_->setRange(0, 20);
  smoothing_->setSpecialValueText(tr("none (voxel faces)"));
  smoothing_->setToolTip(tr("Taubin smoothing steps; the solid volume is kept"));
  form->addRow(tr("Smoothing"), smoothing_);

  auto* fileRow = new QHBoxLayout;
  path_ = new QLineEdit(this);
  path_->setObjectName("pathField");
  fileRow->addWidget(path_, 1);
  auto* browse = new QToolButton(this);
  browse->setText(QString::fromUtf8("…"));
  fileRow->addWidget(browse);
  form->addRow(tr("File"), fileRow);
  layout->addLayout(form);

  summary_ = new QLabel(this);
  summary_->setObjectName("exportSummary");
  summary_->setWordWrap(true);
  summary_->setStyleSheet("color: #666;");
  layout->addWidget(summary_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(browse, &QToolButton::clicked, this, &ExportDialog::browse);

  // Last time's choices.
  QSettings settings;
  format_->setCurrentIndex(std::max(0, format_->findData(settings.value("export/format", 0).toInt())));
  unit_->setCurrentIndex(std::max(0, unit_->findData(settings.value("export/unit", static_cast<int>(io::LengthUnit::Millimeter)).toInt())));
  cellSize_->setValue(settings.value("export/cellSize", 10.0).toDouble());
  tiles_->setValue(settings.value("export/tiles", 1).toInt());
  smoothing_->setValue(settings.value("export/smoothing", 0).toInt());
  const QString dir = settings.value("export/directory", QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
  path_->setText(QDir(dir).filePath(suggestedName + QString::fromStdString(io::formatExtension(options().format))));

  connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::onFormatChanged);
  connect(unit_, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSummary);
  connect(cellSize_, &QDoubleSpinBox::valueChanged, this, &ExportDialog::updateSummary);
  connect(tiles_, &QSpinBox::valueChanged, this, &ExportDialog::updateSummary);
  connect(smoothing_, &QSpinBox::valueChanged, this, &ExportDialog::updateSummary);
  onFormatChanged();
}

ExportDialog* ExportDialog::forGradedBar(const QString& suggestedName, int voxelsPerAxis, int members, QWidget* parent) {
  auto* dialog = new ExportDialog(suggestedName, voxelsPerAxis, parent);
  dialog->setWindowTitle(tr("Export graded bar"));
  dialog->barMembers_ = std::max(1, members);
  // A bar is a surface to print: the VDB volumes hold one cubic cell, not a row of them.
  for (int i = dialog->format_->count() - 1; i >= 0; --i) {
    const auto f = static_cast<io::ExportFormat>(dialog->format_->itemData(i).toInt());
    if (f != io::ExportFormat::Stl && f != io::ExportFormat::ThreeMf) dialog->format_->removeItem(i);
  }
  dialog->tiles_->setValue(1);
  dialog->tiles_->setEnabled(false);
  dialog->tiles_->setToolTip(tr("A graded bar is one row of its members"));
  dialog->onFormatChanged();
  return dialog;
}

QString ExportDialog::fileStemFor(const QString& name) {
  QString stem;
  for (const QChar ch : name) {
    const bool keep = ch.unicode() < 128 && (ch.isLetterOrNumber() || ch == '-' || ch == '.');
    if (keep) stem += ch;
    else if (!stem.endsWith('_')) stem += '_';
  }
  while (stem.startsWith('_') || stem.startsWith('.')) stem.remove(0, 1);
  while (stem.endsWith('_')) stem.chop(1);
  return stem.isEmpty() ? QStringLiteral("cell") : stem;
}

io::ExportOptions ExportDialog::options() const {
  io::ExportOptions o;
  o.format = static_cast<io::ExportFormat>(format_->currentData().toInt());
  o.unit = static_cast<io::LengthUnit>(unit_->currentData().toInt());
  o.cellSize = cellSize_->value();
  o.tiles = tiles_->value();
  if (isGradedBar()) o.cellVoxels = voxels_;
  o.smoothingSteps = smoothing_->isEnabled() ? smoothing_->value() : 0;
  return o;
}

QString ExportDialog::path() const { return path_->text().trimmed(); }

void ExportDialog::setOptions(const io::ExportOptions& o, const QString& path) {
  format_->setCurrentIndex(format_->findData(static_cast<int>(o.format)));
  unit_->setCurrentIndex(unit_->findData(static_cast<int>(o.unit)));
  cellSize_->setValue(o.cellSize);
  tiles_->setValue(o.tiles);
  smoothing_->setValue(o.smoothingSteps);
  path_->setText(path);
  updateSummary();
}

void ExportDialog::remember() const {
  QSettings settings;
  const io::ExportOptions o = options();
  settings.setValue("export/format", static_cast<int>(o.format));
  settings.setValue("export/unit", static_cast<int>(o.unit));
  settings.setValue("export/cellSize", o.cellSize);
  if (!isGradedBar()) settings.setValue("export/tiles", o.tiles);
  settings.setValue("export/smoothing", smoothing_->value());
  settings.setValue("export/directory", QFileInfo(path()).absolutePath());
}

void ExportDialog::onFormatChanged() {
  const io::ExportOptions o = options();
  // The fog volume is the voxels themselves: nothing to smooth.
  smoothing_->setEnabled(o.format != io::ExportFormat::VdbFog);
  // Keep the file name, change its extension.
  const QFileInfo info(path());
  if (!path().isEmpty())
    path_->setText(QDir(info.path()).filePath(info.completeBaseName() + QString::fromStdString(io::formatExtension(o.format))));
  updateSummary();
}

void ExportDialog::updateSummary() {
  const io::ExportOptions o = options();
  const QString unit = QString::fromStdString(io::unitSymbol(o.unit));
  if (isGradedBar()) {
    summary_->setText(tr("The bar: %1 × %2 × %2 %3 (%4 members of %2 %3 side by side along x1, voxel %5 %3).")
                          .arg(barMembers_ * o.cellSize, 0, 'g', 6)
                          .arg(o.cellSize, 0, 'g', 6)
                          .arg(unit)
                          .arg(barMembers_)
                          .arg(o.cellSize / std::max(1, voxels_), 0, 'g', 4));
    return;
  }
  const double block = o.tiles * o.cellSize;
  summary_->setText(tr("The part: %1 × %1 × %1 %2 (%3 cells of %4 %2, voxel %5 %2).")
                        .arg(block, 0, 'g', 6)
                        .arg(unit)
                        .arg(QString::number(o.tiles) + QString::fromUtf8("³"))
                        .arg(o.cellSize, 0, 'g', 6)
                        .arg(o.cellSize / std::max(1, voxels_), 0, 'g', 4));
}

void ExportDialog::browse() {
  const io::ExportOptions o = options();
  const QString ext = QString::fromStdString(io::formatExtension(o.format));
  const QString chosen = QFileDialog::getSaveFileName(this, tr("Export as"), path(),
                                                      tr("%1 (*%2)").arg(QString::fromStdString(io::formatName(o.format)), ext));
  if (!chosen.isEmpty()) path_->setText(chosen.endsWith(ext) ? chosen : chosen + ext);
}

}  // namespace mf::gui
