#include "gui/generate_box.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace mf::gui {

GenerateBox::GenerateBox(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  rangeLabel_ = new QLabel(this);
  rangeLabel_->setObjectName("rangeLabel");
  rangeLabel_->setWordWrap(true);
  layout->addWidget(rangeLabel_);
  nearest_ = new QPushButton(tr("Use nearest reachable target"), this);
  nearest_->setObjectName("nearestButton");
  nearest_->hide();
  layout->addWidget(nearest_);
  connect(nearest_, &QPushButton::clicked, this, [this] {
    if (range_ && range_->nearest) Q_EMIT nearestRequested(*range_->nearest);
  });

  // Candidates for the target from a family, each verified by FE as it arrives.
  auto* gen = new QGroupBox(tr("Generate candidates"), this);
  gen->setObjectName("generateGroup");
  auto* form = new QFormLayout(gen);
  form_ = form;
  family_ = new QComboBox(gen);
  family_->setObjectName("familyCombo");
  form->addRow(tr("Family"), family_);
  connect(family_, &QComboBox::currentIndexChanged, this, [this] {
    showFamilyControls();
    checkRange();
    Q_EMIT familyChosen(family_->currentData().toString());
  });
  auto spin = [gen, form](const char* name, const QString& label, int lo, int hi, int value, const QString& tip) {
    auto* box = new QSpinBox(gen);
    box->setObjectName(name);
    box->setRange(lo, hi);
    box->setValue(value);
    box->setToolTip(tip);
    form->addRow(label, box);
    return box;
  };
  count_ = spin("countSpin", tr("Candidates"), 1, 16, 4, tr("Candidates to sample in one pass; each is then verified by FE"));
  seed_ = spin("seedSpin", tr("Seed"), 1, 999999999, 1,
               tr("The same seed and settings give the same cells; it steps on by one after each run that "
                  "gives cells"));
  generate_ = new QPushButton(tr("Generate"), gen);
  generate_->setObjectName("generateButton");
  generate_->setDefault(false);
  form->addRow(generate_);
  layout->addWidget(gen);
  connect(generate_, &QPushButton::clicked, this, [this] { Q_EMIT generateRequested(options()); });
  checkRange();
}

void GenerateBox::setTarget(const std::optional<design::FamilyRequest>& request, const QString& whyNot) {
  request_ = request;
  whyNoTarget_ = whyNot;
  checkRange();
}

void GenerateBox::setFamilies(const std::vector<std::array<QString, 3>>& families, const QString& whyNone) {
  {
    const QSignalBlocker block(family_);
    family_->clear();
    ids_.clear();
    for (const auto& [id, name, tip] : families) {
      family_->addItem(name, id);
      family_->setItemData(family_->count() - 1, tip, Qt::ToolTipRole);
      ids_.push_back(id);
    }
    // One target, every family: each that accepts it proposes, all ranked in one table.
    if (families.size() > 1) {
      family_->addItem(tr("All families"), QString(kAllFamilies));
      family_->setItemData(family_->count() - 1, tr("Every family that accepts the target; the candidates of all in one table"),
                           Qt::ToolTipRole);
    }
  }
  whyNoFamily_ = whyNone;
  showFamilyControls();
  checkRange();
}

void GenerateBox::setFamilyParameters(const QString& id, const std::vector<plugins::FamilyParameter>& parameters) {
  QStringList names;
  for (const plugins::FamilyParameter& p : parameters) {
    names << QString::fromStdString(p.name);
    if (controls_.count(p.name)) continue;  // built from the first family that named it
    QWidget* control = nullptr;
    if (p.integer) {
      auto* box = new QSpinBox(this);
      box->setRange(static_cast<int>(std::ceil(p.min)), static_cast<int>(std::floor(p.max)));
      box->setSingleStep(p.step > 0 ? static_cast<int>(p.step) : 1);
      box->setValue(static_cast<int>(std::lround(p.defaultValue)));
      control = box;
    } else {
      auto* box = new QDoubleSpinBox(this);
      box->setDecimals(2);
      box->setRange(p.min, p.max);
      box->setSingleStep(p.step > 0 ? p.step : (p.max - p.min) / 40);
      box->setValue(p.defaultValue);
      control = box;
    }
    control->setObjectName(QString::fromStdString(p.name + "Spin"));
    control->setToolTip(QString::fromStdString(p.tip));
    int seedRow = 0;
    QFormLayout::ItemRole role;
    form_->getWidgetPosition(seed_, &seedRow, &role);
    form_->insertRow(seedRow, QString::fromStdString(p.label), control);  // the family's controls come before the seed
    controls_[p.name] = control;
  }
  parameters_[id] = names;
  showFamilyControls();
}

void GenerateBox::showFamilyControls() {
  const QString id = family_->currentData().toString();
  const auto takes = [&](const QString& name) {
    if (id == kAllFamilies) {
      for (const QString& f : ids_)
        if (const auto it = parameters_.find(f); it != parameters_.end() && it->second.contains(name)) return true;
      return false;
    }
    const auto it = parameters_.find(id);
    return it != parameters_.end() && it->second.contains(name);
  };
  for (const auto& [name, control] : controls_) form_->setRowVisible(control, takes(QString::fromStdString(name)));
}

double GenerateBox::controlValue(const std::string& name, double otherwise) const {
  const auto it = controls_.find(name);
  if (it == controls_.end()) return otherwise;
  if (const auto* box = qobject_cast<const QSpinBox*>(it->second)) return box->value();
  return static_cast<const QDoubleSpinBox*>(it->second)->value();
}

void GenerateBox::setControlValue(const std::string& name, double value) {
  const auto it = controls_.find(name);
  if (it == controls_.end()) return;
  if (auto* box = qobject_cast<QSpinBox*>(it->second)) box->setValue(static_cast<int>(std::lround(value)));
  else static_cast<QDoubleSpinBox*>(it->second)->setValue(value);
}

void GenerateBox::setFamilyReady(const QString& id, std::shared_ptr<const design::MicrostructureFamily> family) {
  familyStates_[id] = {std::move(family), {}};
  checkRange();
}

void GenerateBox::setFamilyProblem(const QString& id, const QString& problem) {
  familyStates_[id] = {nullptr, problem};
  checkRange();
}

GenerateOptions GenerateBox::options() const {
  GenerateOptions o;
  o.family = family_->currentData().toString();
  o.count = count_->value();
  o.seed = seed_->value();
  o.guidance = controlValue("guidance", o.guidance);
  o.steps = static_cast<int>(controlValue("steps", o.steps));
  for (const auto& [name, control] : controls_)
    if (name != "guidance" && name != "steps" && form_->isRowVisible(control)) o.parameters[name] = controlValue(name, 0.0);
  return o;
}

void GenerateBox::setOptions(const GenerateOptions& o) {
  const int i = family_->findData(o.family);
  if (i >= 0) family_->setCurrentIndex(i);
  count_->setValue(o.count);
  seed_->setValue(static_cast<int>(o.seed));
  setControlValue("guidance", o.guidance);
  setControlValue("steps", o.steps);
  for (const auto& [name, value] : o.parameters) setControlValue(name, value);
}

void GenerateBox::setGenerating(bool running) {
  generating_ = running;
  updateButton();
}

void GenerateBox::seedUsed(qint64 seed) { seed_->setValue(seed < seed_->maximum() ? static_cast<int>(seed) + 1 : 1); }

bool GenerateBox::familyAccepts() const { return family_->count() == 0 || (range_ && range_->ok()); }

// "All families": the verdicts of those that have loaded; it accepts when one of them does.
std::optional<design::TargetCheck> GenerateBox::allFamiliesCheck(QString& pending) const {
  std::optional<design::TargetCheck> any;
  QStringList refusals;
  for (const QString& id : ids_) {
    const auto state = familyStates_.find(id);
    if (state == familyStates_.end()) {
      pending = id;
      continue;
    }
    if (!state->second.family) continue;
    const design::TargetCheck check = state->second.family->checkTarget(*request_);
    if (check.ok()) return check;
    refusals << QString::fromStdString(state->second.family->displayName() + ": " + check.reason);
    if (!any) any = check;
  }
  if (any) any->reason = refusals.join("; ").toStdString();
  return any;
}

void GenerateBox::checkRange() {
  range_.reset();
  const bool all = family_->currentData().toString() == kAllFamilies;
  const auto state = familyStates_.find(family_->currentData().toString());
  QString text, style, tip;
  QString pending;
  if (all && request_) {
    range_ = allFamiliesCheck(pending);
    if (range_ && range_->ok()) {
      text = QString::fromUtf8("in data range ✔ (at least one family)");
      style = "color: #2e7d32;";
    } else if (range_) {
      text = QString::fromUtf8("in data range ✘ — ") + QString::fromStdString(range_->reason);
      tip = QString::fromStdString(range_->describe());
      style = "color: #c62828;";
    } else {
      text = pending.isEmpty() ? QString::fromUtf8("in data range ✘ — no family is available") : tr("in data range: checking…");
      style = pending.isEmpty() ? "color: #c62828;" : "color: #666;";
    }
  } else if (all) {
    text.clear();
  } else if (family_->count() == 0) {
    text.clear();
  } else if (state == familyStates_.end()) {
    text = tr("in data range: checking (loading %1)…").arg(family_->currentText());
    style = "color: #666;";
  } else if (!state->second.family) {
    text = QString::fromUtf8("in data range ✘ — %1 is unavailable").arg(family_->currentText());
    tip = state->second.problem;
    style = "color: #c62828;";
  } else if (request_) {
    range_ = state->second.family->checkTarget(*request_);
    if (range_->ok()) {
      text = QString::fromUtf8("in data range ✔");
      tip = tr("%1 can aim at this target").arg(family_->currentText());
      style = "color: #2e7d32;";
    } else {
      text = QString::fromUtf8("in data range ✘ — ") + QString::fromStdString(range_->reason);
      tip = QString::fromStdString(range_->describe());
      style = "color: #c62828;";
    }
  }
  rangeLabel_->setText(text);
  rangeLabel_->setToolTip(tip);
  rangeLabel_->setStyleSheet(style);
  rangeLabel_->setVisible(!text.isEmpty());
  const bool offer = range_ && !range_->ok() && range_->nearest;
  nearest_->setVisible(offer);
  if (offer) nearest_->setToolTip(tr("Set the target to %1").arg(QString::fromStdString(design::describe(*range_->nearest))));
  updateButton();
  Q_EMIT verdictChanged();
}

void GenerateBox::updateButton() {
  // What stops Generate, short enough for the button (the whole reason is its tooltip).
  QString why, tip;
  const bool all = family_->currentData().toString() == kAllFamilies;
  const auto state = familyStates_.find(family_->currentData().toString());
  if (all) {
    if (!request_) {
      why = whyNoTarget_;
      tip = tr("the target is not valid: %1").arg(whyNoTarget_);
    } else if (!range_) {
      why = tr("no family ready");
      tip = tr("no family has loaded yet, or none can be made");
    } else if (!range_->ok()) {
      why = tr("target out of reach");
      tip = QString::fromStdString(range_->describe());
    } else if (generating_) {
      tip = tr("a generation is running (Cancel it in Jobs)");
    }
  } else if (family_->count() == 0) {
    why = tr("no family");
    tip = whyNoFamily_.isEmpty() ? tr("no family plugin was found") : whyNoFamily_;
  } else if (!request_) {
    why = whyNoTarget_;
    tip = tr("the target is not valid: %1").arg(whyNoTarget_);
  } else if (state == familyStates_.end()) {
    why = tr("loading the model");
    tip = tr("%1 is loading; Generate is ready as soon as it can check the target").arg(family_->currentText());
  } else if (!state->second.family) {
    why = tr("%1 is unavailable").arg(family_->currentText());
    tip = state->second.problem;
  } else if (range_ && !range_->ok()) {
    why = tr("target out of reach");
    tip = QString::fromStdString(range_->describe());
  } else if (generating_) {
    tip = tr("a generation is running (Cancel it in Jobs)");
  }
  generate_->setEnabled(tip.isEmpty());
  buttonText_ = generating_ ? tr("Generating…") : why.isEmpty() ? tr("Generate") : tr("Generate — %1").arg(why);
  elideButtonText();
  generate_->setToolTip(tip.isEmpty() ? tr("Sample candidates for this target and verify each by FE (Ctrl+G)") : tip);
}

void GenerateBox::elideButtonText() {
  const int room = std::max(60, generate_->width() - 16);
  generate_->setText(generate_->fontMetrics().elidedText(buttonText_, Qt::ElideRight, room));
}

void GenerateBox::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  elideButtonText();
}

}  // namespace mf::gui
