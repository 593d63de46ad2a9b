#include "gui/explore_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

namespace mf::gui {

ExploreDialog::ExploreDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Explore extremes"));
  setObjectName("exploreDialog");
  const design::ExploreSettings defaults;
  auto* form = new QFormLayout(this);
  auto* intro = new QLabel(tr("Dataset cells nearest the extreme condition generated starts; each is refined by "
                              "topology optimization beside as many random starts with the same budget. Every "
                              "result is verified by FE; the best of each kind joins the candidates."),
                           this);
  intro->setWordWrap(true);
  form->addRow(intro);
  objective_ = new QComboBox(this);
  objective_->setObjectName("exploreObjective");
  objective_->addItem(tr("Least Poisson's ratio ν"), static_cast<int>(design::Extreme::MinPoisson));
  objective_->addItem(tr("Stiffest isotropic E (E/E_HS, Zener 0.95–1.05)"), static_cast<int>(design::Extreme::MaxIsotropicE));
  objective_->addItem(tr("Stiffest isotropic G (G/G_HS, Zener 0.95–1.05)"), static_cast<int>(design::Extreme::MaxIsotropicG));
  form->addRow(tr("Objective"), objective_);
  vf_ = new QDoubleSpinBox(this);
  vf_->setObjectName("exploreVf");
  vf_->setRange(0.05, 0.95);
  vf_->setSingleStep(0.05);
  vf_->setDecimals(2);
  vf_->setValue(defaults.volumeFraction);
  form->addRow(tr("Volume fraction"), vf_);
  starts_ = new QSpinBox(this);
  starts_->setObjectName("exploreStarts");
  starts_->setRange(1, 200);
  starts_->setValue(defaults.starts);
  starts_->setToolTip(tr("Generated starts, and as many random ones"));
  form->addRow(tr("Starts of each kind"), starts_);
  iterations_ = new QSpinBox(this);
  iterations_->setObjectName("exploreIterations");
  iterations_->setRange(1, 500);
  iterations_->setValue(defaults.iterations);
  form->addRow(tr("TO iterations per start"), iterations_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Explore"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
}

design::ExploreSettings ExploreDialog::settings() const {
  design::ExploreSettings s;
  s.objective = static_cast<design::Extreme>(objective_->currentData().toInt());
  s.volumeFraction = vf_->value();
  s.starts = starts_->value();
  s.iterations = iterations_->value();
  return s;
}

void ExploreDialog::setSettings(design::Extreme objective, double volumeFraction, int starts, int iterations) {
  objective_->setCurrentIndex(objective_->findData(static_cast<int>(objective)));
  vf_->setValue(volumeFraction);
  starts_->setValue(starts);
  iterations_->setValue(iterations);
}

}  // namespace mf::gui
