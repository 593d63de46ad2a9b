#include "gui/fe_settings_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mf::gui {

FeSettingsDialog::FeSettingsDialog(const design::HomogenizeSettings& s, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("FE settings"));
  setObjectName("feSettingsDialog");
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  youngs_ = new QDoubleSpinBox(this);
  youngs_->setObjectName("youngsSpin");
  youngs_->setDecimals(6);
  youngs_->setRange(1e-6, 1e9);
  youngs_->setValue(s.base.youngs);
  youngs_->setToolTip(tr("Young's modulus of the solid; 1 means every stiffness is normalized by it"));
  form->addRow(tr("Base material E_s"), youngs_);
  poisson_ = new QDoubleSpinBox(this);
  poisson_->setObjectName("poissonSpin");
  poisson_->setDecimals(4);
  poisson_->setRange(-0.999, 0.499);
  poisson_->setSingleStep(0.01);
  poisson_->setValue(s.base.poisson);
  form->addRow(QString::fromUtf8("Base material ν_s"), poisson_);
  tolerance_ = new QComboBox(this);
  tolerance_->setObjectName("toleranceCombo");
  for (const double t : {1e-4, 1e-5, 1e-6, 1e-7, 1e-8}) tolerance_->addItem(QString::number(t, 'g', 1), t);
  tolerance_->setCurrentIndex(std::max(0, tolerance_->findData(s.tolerance)));
  tolerance_->setToolTip(tr("Relative residual of the CG solver; 1e-6 gives C^H to ~1e-12 relative (docs/fem.md)"));
  form->addRow(tr("Solver tolerance"), tolerance_);
  maxIterations_ = new QSpinBox(this);
  maxIterations_->setRange(10, 100000);
  maxIterations_->setValue(s.maxIterations);
  form->addRow(tr("Most iterations"), maxIterations_);
  precision_ = new QComboBox(this);
  precision_->setObjectName("precisionCombo");
  precision_->addItem(tr("float64 (exact to round-off)"), "float64");
  precision_->addItem(tr("float32 (half the memory, ~1e-7 relative)"), "float32");
  precision_->setCurrentIndex(s.precision == "float32" ? 1 : 0);
  form->addRow(tr("Precision"), precision_);
  resolution_ = new QSpinBox(this);
  resolution_->setObjectName("resolutionSpin");
  resolution_->setRange(0, 512);
  resolution_->setSpecialValueText(tr("the cell's own"));
  resolution_->setSuffix(QString::fromUtf8("³ voxels"));
  resolution_->setValue(s.resolution);
  resolution_->setToolTip(tr("Resample every cell to this resolution before solving (0: as it is)"));
  form->addRow(tr("Resolution"), resolution_);
  layout->addLayout(form);
  problem_ = new QLabel(this);
  problem_->setStyleSheet("color: #c62828;");
  layout->addWidget(problem_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(youngs_, &QDoubleSpinBox::valueChanged, this, &FeSettingsDialog::check);
  connect(poisson_, &QDoubleSpinBox::valueChanged, this, &FeSettingsDialog::check);
  check();
}

design::HomogenizeSettings FeSettingsDialog::settings() const {
  design::HomogenizeSettings s;
  s.base = {youngs_->value(), poisson_->value()};
  s.tolerance = tolerance_->currentData().toDouble();
  s.maxIterations = maxIterations_->value();
  s.precision = precision_->currentData().toString().toStdString();
  s.resolution = resolution_->value();
  return s;
}

void FeSettingsDialog::check() {
  const std::string why = settings().base.validate();
  problem_->setText(QString::fromStdString(why));
  if (auto* box = findChild<QDialogButtonBox*>()) box->button(QDialogButtonBox::Ok)->setEnabled(why.empty());
}

}  // namespace mf::gui
