#include "gui/target_panel.hpp"

#include "core/tensor/engineering.hpp"
#include "core/tensor/summary.hpp"
#include "gui/generate_box.hpp"
#include "gui/session_model.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace mf::gui {
namespace {

constexpr const char* kErrorStyle =
    "QLineEdit { border: 2px solid #d9534f; border-radius: 3px; background: #fdecea; color: #222; }";

QString number(double v) { return QString::number(v, 'g', 6); }

// "C11" → "c11Field", "ν" → "nuField", "vf" → "vfField"
QString objectNameFor(const QString& label) {
  if (label == QString::fromUtf8("ν")) return "nuField";
  return label.toLower() + "Field";
}

// Both the user's locale and the C locale ('.' always works).
std::optional<double> parse(const QString& text) {
  bool ok = false;
  double v = QLocale().toDouble(text.trimmed(), &ok);
  if (!ok) v = QLocale::c().toDouble(text.trimmed(), &ok);
  return ok ? std::optional<double>(v) : std::nullopt;
}

}  // namespace

TargetPanel::TargetPanel(SessionModel* model, QWidget* parent) : QWidget(parent), model_(model) {
  auto* layout = new QVBoxLayout(this);
  auto* top = new QFormLayout;
  formCombo_ = new QComboBox(this);
  formCombo_->setObjectName("formCombo");
  formCombo_->addItem(tr("Cubic (C11, C12, C44)"), static_cast<int>(design::TargetForm::Cubic));
  formCombo_->addItem(tr("Orthotropic (9)"), static_cast<int>(design::TargetForm::Orthotropic));
  formCombo_->addItem(tr("Full (21)"), static_cast<int>(design::TargetForm::Full));
  formCombo_->addItem(tr("Engineering (E, ν, G)"), static_cast<int>(design::TargetForm::Engineering));
  formCombo_->setToolTip(tr("How to enter the target stiffness (Voigt order 11, 22, 33, 23, 13, 12, engineering "
                            "shear, normalized by E_s)"));
  top->addRow(tr("Symmetry"), formCombo_);
  layout->addLayout(top);
  connect(formCombo_, &QComboBox::activated, this, [this](int index) {
    setForm(static_cast<design::TargetForm>(formCombo_->itemData(index).toInt()));
  });

  gridHost_ = new QWidget(this);
  grid_ = new QGridLayout(gridHost_);
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setHorizontalSpacing(4);
  grid_->setVerticalSpacing(3);
  layout->addWidget(gridHost_);

  auto* vfRow = new QHBoxLayout;
  vfRow->addWidget(new QLabel(tr("vf"), this));
  vf_ = new QLineEdit(this);
  vf_->setObjectName("vfField");
  vf_->setAlignment(Qt::AlignRight);
  vf_->setMaximumWidth(80);
  vf_->setToolTip(tr("Volume fraction of solid (0, 1]; the bounds are taken at it"));
  vfRow->addWidget(vf_);
  vfFree_ = new QCheckBox(tr("free"), this);
  vfFree_->setObjectName("vfFreeCheck");
  vfFree_->setToolTip(tr("Any volume fraction will do; the bounds still use the value entered"));
  vfRow->addWidget(vfFree_);
  vfRow->addStretch(1);
  layout->addLayout(vfRow);
  connect(vf_, &QLineEdit::textEdited, this, [this] { onEdited("vf"); });
  connect(vfFree_, &QCheckBox::toggled, this, [this] { onEdited("vf free"); });

  status_ = new QLabel(this);
  status_->setObjectName("statusLabel");
  status_->setWordWrap(true);
  layout->addWidget(status_);
  note_ = new QLabel(this);
  note_->setObjectName("conversionNote");
  note_->setWordWrap(true);
  note_->setStyleSheet("color: #8a6d00;");
  note_->hide();
  layout->addWidget(note_);

  auto makeGauge = [this](const char* name, const QString& tip) {
    auto* g = new QProgressBar(this);
    g->setObjectName(name);
    g->setRange(0, 1000);
    g->setTextVisible(true);
    g->setToolTip(tip);
    g->setMaximumHeight(18);
    return g;
  };
  bulkGauge_ = makeGauge("bulkGauge", tr("Bulk modulus K (Hill) over the Hashin–Shtrikman upper bound at vf"));
  shearGauge_ = makeGauge("shearGauge", tr("Shear modulus G (Hill) over the Hashin–Shtrikman upper bound at vf"));

  readout_ = new QLabel(this);
  readout_->setObjectName("readoutLabel");
  readout_->setTextFormat(Qt::RichText);
  layout->addWidget(readout_);

  presets_ = new QToolButton(this);
  presets_->setObjectName("presetsButton");
  presets_->setText(tr("Presets"));
  presets_->setPopupMode(QToolButton::InstantPopup);
  auto* menu = new QMenu(presets_);
  presets_->setMenu(menu);
  connect(menu, &QMenu::aboutToShow, this, [this, menu] {
    menu->clear();
    const auto presets = design::targetPresets(model_->homogenizeSettings().base, model_->target().volumeFraction);
    for (int i = 0; i < static_cast<int>(presets.size()); ++i) {
      QAction* a = menu->addAction(QString::fromStdString(presets[static_cast<std::size_t>(i)].name), this,
                                   [this, i] { applyPreset(i); });
      a->setToolTip(QString::fromStdString(presets[static_cast<std::size_t>(i)].description));
    }
  });
  layout->addWidget(presets_);

  // The gauges, then the chosen family's verdict and Generate, as the Target dock reads down.
  layout->addWidget(bulkGauge_);
  layout->addWidget(shearGauge_);
  generateBox_ = new GenerateBox(this);
  generateBox_->setObjectName("generateBox");
  layout->addWidget(generateBox_);
  connect(generateBox_, &GenerateBox::verdictChanged, this, &TargetPanel::showAdmissibility);
  connect(generateBox_, &GenerateBox::nearestRequested, this, [this](const design::DesignTarget& t) {
    model_->setTarget(t, tr("nearest reachable target"));
  });
  layout->addStretch(1);

  connect(model_, &SessionModel::targetChanged, this, &TargetPanel::refreshFromModel);
  connect(model_, &SessionModel::settingsChanged, this, [this] {
    if (unitScale() != shownScale_) {
      rebuildFields();  // the labels name the unit, the values change with it
      refreshFromModel();
    } else {
      validate(false, {});
    }
  });
  refreshFromModel();
}

int TargetPanel::presetCount() const {
  return static_cast<int>(design::targetPresets(model_->homogenizeSettings().base, 0.3).size());
}

QLineEdit* TargetPanel::field(const QString& label) const {
  if (label == "vf") return vf_;
  return findChild<QLineEdit*>(objectNameFor(label));
}

void TargetPanel::rebuildFields() {
  // The old fields go later (one of them may be in the middle of an event), but lose their
  // names now so that nobody finds them by name in the meantime.
  for (QLineEdit* f : fields_) f->setObjectName(QString());
  fields_.clear();
  while (QLayoutItem* item = grid_->takeAt(0)) {
    if (QWidget* w = item->widget()) {
      w->hide();
      w->deleteLater();
    }
    delete item;
  }
  const auto& names = design::fieldNames(form_);
  const bool full = form_ == design::TargetForm::Full;
  shownScale_ = unitScale();
  const QString unit = model_->displayUnit();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const QString label = QString::fromStdString(names[i]);
    auto* f = new QLineEdit(gridHost_);
    f->setObjectName(objectNameFor(label));
    f->setAlignment(Qt::AlignRight);
    f->setMaximumWidth(full ? 62 : 110);
    f->setPlaceholderText(label);
    fields_.push_back(f);
    connect(f, &QLineEdit::textEdited, this, [this, label] { onEdited(label); });
    if (full) {
      // The upper triangle as the matrix reads: row i, columns i..6.
      const int row = label.mid(1, 1).toInt() - 1, col = label.mid(2, 1).toInt() - 1;
      f->setToolTip(label);
      grid_->addWidget(f, row, col);
    } else {
      const int perRow = form_ == design::TargetForm::Orthotropic ? 3 : 1;
      const int row = static_cast<int>(i) / perRow, col = 2 * (static_cast<int>(i) % perRow);
      const QString shown = unit.isEmpty() || !isStiffnessField(i) ? label : QString("%1 (%2)").arg(label, unit);
      grid_->addWidget(new QLabel(shown, gridHost_), row, col);
      grid_->addWidget(f, row, col + 1);
    }
  }
}

void TargetPanel::refreshFromModel() {
  if (pushing_) return;  // our own edit: validate() is still running and finishes the job
  const design::DesignTarget& t = model_->target();
  if (t.form != form_ || fields_.empty()) {
    form_ = t.form;
    rebuildFields();
  }
  formCombo_->setCurrentIndex(formCombo_->findData(static_cast<int>(form_)));
  for (std::size_t i = 0; i < fields_.size() && i < t.values.size(); ++i)
    fields_[i]->setText(number(isStiffnessField(i) ? t.values[i] * unitScale() : t.values[i]));
  vf_->setText(number(t.volumeFraction));
  {
    const QSignalBlocker block(vfFree_);
    vfFree_->setChecked(t.volumeFractionFree);
  }
  validate(false, {});
}

void TargetPanel::setCubic(double c11, double c12, double c44) {
  design::DesignTarget t = model_->target();
  t.form = design::TargetForm::Cubic;
  t.values = {c11, c12, c44};
  model_->setTarget(t, "cubic target");
}

void TargetPanel::setForm(design::TargetForm form) {
  if (form == model_->target().form) return;
  design::DesignTarget t = model_->target();
  QString note;
  try {
    note = QString::fromStdString(design::conversionNote(t, form));
    t = t.convertedTo(form);
  } catch (const std::invalid_argument&) {
    // Not a tensor yet: start the new form from the default cubic target.
    design::DesignTarget fresh;
    fresh.volumeFraction = t.volumeFraction;
    t = fresh.convertedTo(form);
    note = tr("The values did not make a tensor; the new form starts from the default target.");
  }
  model_->setTarget(t, "form");
  // Said in place, not done silently: what the new form could not hold, and the way back.
  if (!note.isEmpty())
    note_->setText(QString::fromUtf8("ℹ %1: %2. Ctrl+Z brings the previous values back.")
                       .arg(formCombo_->itemText(formCombo_->findData(static_cast<int>(form))).section(' ', 0, 0), note));
  note_->setVisible(!note.isEmpty());
}

void TargetPanel::applyPreset(int index) {
  const auto presets = design::targetPresets(model_->homogenizeSettings().base, model_->target().volumeFraction);
  if (index < 0 || index >= static_cast<int>(presets.size())) return;
  model_->setTarget(presets[static_cast<std::size_t>(index)].target,
                    "preset " + QString::fromStdString(presets[static_cast<std::size_t>(index)].name));
}

void TargetPanel::onEdited(const QString& label) {
  note_->hide();  // the note was about the conversion, not about what is typed now
  validate(true, label);
}

void TargetPanel::markField(QLineEdit* f, const QString& reason) {
  f->setStyleSheet(kErrorStyle);
  f->setToolTip(reason);
}

void TargetPanel::validate(bool push, const QString& what) {
  const auto& names = design::fieldNames(form_);
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    fields_[i]->setStyleSheet(QString());
    fields_[i]->setToolTip(form_ == design::TargetForm::Full ? QString::fromStdString(names[i]) : QString());
  }
  vf_->setStyleSheet(QString());
  vf_->setToolTip(tr("Volume fraction of solid (0, 1]; the bounds are taken at it"));

  QString error;
  std::vector<double> values(fields_.size());
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const QString label = QString::fromStdString(names[i]);
    const QString text = fields_[i]->text().trimmed();
    const auto v = parse(text);
    QString why;
    if (text.isEmpty()) why = tr("%1 is empty").arg(label);
    else if (!v) why = tr("%1: '%2' is not a number").arg(label, text);
    else if (!std::isfinite(*v)) why = tr("%1 must be a finite number").arg(label);
    if (!why.isEmpty()) {
      markField(fields_[i], why);
      if (error.isEmpty()) error = why;
    } else {
      values[i] = isStiffnessField(i) ? *v / unitScale() : *v;  // the model holds normalized values
    }
  }
  const auto vf = parse(vf_->text());
  QString vfWhy;
  if (!vf) vfWhy = tr("vf: '%1' is not a number").arg(vf_->text().trimmed());
  else if (!(*vf > 0.0 && *vf <= 1.0)) vfWhy = tr("vf must lie in (0, 1], it is %1").arg(number(*vf));
  if (!vfWhy.isEmpty()) {
    markField(vf_, vfWhy);
    if (error.isEmpty()) error = vfWhy;
  }

  std::optional<Stiffness> tensor;
  if (error.isEmpty()) {
    design::DesignTarget t;
    t.form = form_;
    t.values = values;
    t.volumeFraction = *vf;
    t.volumeFractionFree = vfFree_->isChecked();
    if (push) {
      pushing_ = true;
      model_->setTarget(t, what);
      pushing_ = false;
    }
    if (form_ == design::TargetForm::Engineering) {
      if (!(values[0] > 0.0)) markField(fields_[0], error = tr("E must be > 0, it is %1").arg(number(values[0])));
      else if (!(values[1] > -1.0 && values[1] < 0.5))
        markField(fields_[1], error = QString::fromUtf8("ν must lie in (−1, 0.5), it is %1").arg(number(values[1])));
      else if (!(values[2] > 0.0)) markField(fields_[2], error = tr("G must be > 0, it is %1").arg(number(values[2])));
    }
    if (error.isEmpty()) {
      const Stiffness c = t.stiffness();
      const Admissibility a = c.admissibility();
      if (a.ok()) {
        tensor = c;
      } else {
        error = QString::fromStdString(a.reason);
        if (form_ == design::TargetForm::Cubic) {
          for (const CubicCondition& cond : cubicConditions(values[0], values[1], values[2])) {
            if (cond.holds()) continue;
            const QString why = QString::fromUtf8(cond.text);
            if (cond.usesC11) markField(fields_[0], why);
            if (cond.usesC12) markField(fields_[1], why);
            if (cond.usesC44) markField(fields_[2], why);
          }
        } else {
          for (QLineEdit* f : fields_) f->setToolTip(error);
        }
      }
    }
  }

  const bool valid = error.isEmpty();
  const bool changed = valid != valid_ || error != error_;
  valid_ = valid;
  error_ = error;
  if (valid) {
    lastValid_ = *tensor;
    showReadout(lastValid_);
    showGauges(lastValid_, *vf);
    Q_EMIT tensorChanged(lastValid_);
  }
  // The box checks the family's reach, then the admissibility line shows with its verdict.
  std::optional<design::FamilyRequest> request;
  if (valid) {
    request.emplace();
    request->target = lastValid_;
    if (!vfFree_->isChecked()) request->volumeFraction = *vf;
  }
  generateBox_->setTarget(request, error_);
  showAdmissibility();
  if (changed) Q_EMIT validityChanged(valid_, error_);
}

void TargetPanel::showAdmissibility() {
  if (!valid_) {
    status_->setStyleSheet("color: #c62828;");
    status_->setText(QString::fromUtf8("✖ ") + error_);
    return;
  }
  // The check mark means "Generate can aim at this": it is not shown beside a target the chosen
  // family refuses (or has not checked yet), even though the tensor itself is admissible.
  const bool familyAccepts = generateBox_->familyAccepts();
  status_->setStyleSheet(familyAccepts ? "color: #2e7d32;" : "color: #555;");
  status_->setText(familyAccepts ? QString::fromUtf8("✔ admissible") : tr("admissible tensor"));
}

void TargetPanel::showGauges(const Stiffness& c, double vf) {
  const TensorSummary s = summarize(c, model_->homogenizeSettings().base, vf);
  auto show = [](QProgressBar* g, const char* name, double ratio) {
    g->setValue(static_cast<int>(std::lround(1000.0 * std::clamp(ratio, 0.0, 1.0))));
    g->setFormat(QString("%1 %2").arg(name).arg(ratio, 0, 'f', 3));
    // Above the bound no cell of this base material can reach it: say so in red.
    g->setStyleSheet(ratio > 1.0 ? "QProgressBar::chunk { background: #c62828; }" : QString());
    g->setToolTip(ratio > 1.0 ? QObject::tr("%1 exceeds the Hashin–Shtrikman bound: no cell of this base material at this "
                                            "volume fraction reaches it")
                                    .arg(name)
                              : g->toolTip());
  };
  show(bulkGauge_, "K/K_HS", s.bounds->bulkRatio);
  show(shearGauge_, "G/G_HS", s.bounds->shearRatio);
}

double TargetPanel::unitScale() const { return model_->displayScale(); }

bool TargetPanel::isStiffnessField(std::size_t index) const {
  return !(form_ == design::TargetForm::Engineering && index == 1);  // ν is a ratio
}

void TargetPanel::showReadout(const Stiffness& normalized) {
  // In the session's unit, like the fields (the Zener ratio and ν are ratios either way).
  const Stiffness c = Stiffness::fromVoigt(normalized.voigt() * unitScale());
  const EngineeringConstants e = engineeringConstants(c);
  const DirectionalYoung young(c);
  readout_->setText(tr("<table cellspacing=2>"
                       "<tr><td>Zener A</td><td align=right>%1</td></tr>"
                       "<tr><td>E[100]</td><td align=right>%2</td></tr>"
                       "<tr><td>E[111]</td><td align=right>%3</td></tr>"
                       "<tr><td>K (Hill)</td><td align=right>%4</td></tr>"
                       "<tr><td>G (Hill)</td><td align=right>%5</td></tr>"
                       "<tr><td>&nu;<sub>12</sub></td><td align=right>%6</td></tr></table>")
                        .arg(number(e.zener), number(young(Vector3(1, 0, 0))), number(young(Vector3(1, 1, 1))),
                             number(e.bulkHill), number(e.shearHill), number(e.poisson(0, 1))));
}

}  // namespace mf::gui
