#include "gui/tensor_form.hpp"

#include "core/tensor/engineering.hpp"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QVBoxLayout>

#include <cmath>

namespace mf::gui {
namespace {

constexpr const char* kNames[3] = {"C11", "C12", "C44"};
constexpr const char* kErrorStyle =
    "QLineEdit { border: 2px solid #d9534f; border-radius: 3px; background: #fdecea; color: #222; }";

QString number(double v) { return QString::number(v, 'g', 5); }

}  // namespace

TensorForm::TensorForm(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* header = new QLabel(tr("<b>Cubic target</b><br><small>Voigt, engineering shear, "
                               "normalized by E_s</small>"),
                            this);
  header->setWordWrap(true);
  layout->addWidget(header);

  auto* form = new QFormLayout;
  for (int i = 0; i < 3; ++i) {
    fields_[i] = new QLineEdit(this);
    fields_[i]->setObjectName(QString("%1Field").arg(QString(kNames[i]).toLower()));
    fields_[i]->setAlignment(Qt::AlignRight);
    fields_[i]->setMaximumWidth(110);
    form->addRow(kNames[i], fields_[i]);
    connect(fields_[i], &QLineEdit::textEdited, this, &TensorForm::revalidate);
  }
  layout->addLayout(form);

  status_ = new QLabel(this);
  status_->setObjectName("statusLabel");
  status_->setWordWrap(true);
  layout->addWidget(status_);

  readout_ = new QLabel(this);
  readout_->setObjectName("readoutLabel");
  readout_->setTextFormat(Qt::RichText);
  layout->addWidget(readout_);
  layout->addStretch(1);

  setCubic(0.30, 0.12, 0.08);
}

void TensorForm::setCubic(double c11, double c12, double c44) {
  const double v[3] = {c11, c12, c44};
  for (int i = 0; i < 3; ++i) fields_[i]->setText(number(v[i]));
  revalidate();
}

void TensorForm::markField(int index, const QString& reason) {
  fields_[index]->setStyleSheet(kErrorStyle);
  fields_[index]->setToolTip(reason);
}

void TensorForm::revalidate() {
  for (QLineEdit* f : fields_) {
    f->setStyleSheet(QString());
    f->setToolTip(QString());
  }
  QString error;
  double v[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const QString text = fields_[i]->text().trimmed();
    bool ok = false;
    // Accept both the user's locale and the C locale (a '.' decimal point always works).
    v[i] = QLocale().toDouble(text, &ok);
    if (!ok) v[i] = QLocale::c().toDouble(text, &ok);
    QString why;
    if (text.isEmpty()) why = tr("%1 is empty").arg(kNames[i]);
    else if (!ok) why = tr("%1: '%2' is not a number").arg(kNames[i], text);
    else if (!std::isfinite(v[i])) why = tr("%1 must be a finite number").arg(kNames[i]);
    if (!why.isEmpty()) {
      markField(i, why);
      if (error.isEmpty()) error = why;
    }
  }

  if (error.isEmpty()) {
    const Stiffness c = Stiffness::cubic(v[0], v[1], v[2]);
    const Admissibility a = c.admissibility();
    if (!a.ok()) {
      error = QString::fromStdString(a.reason);
      for (const CubicCondition& cond : cubicConditions(v[0], v[1], v[2])) {
        if (cond.holds()) continue;
        const QString why = QString::fromUtf8(cond.text);
        if (cond.usesC11) markField(0, why);
        if (cond.usesC12) markField(1, why);
        if (cond.usesC44) markField(2, why);
      }
    } else {
      lastValid_ = c;
    }
  }

  const bool valid = error.isEmpty();
  const bool changed = valid != valid_ || error != error_;
  valid_ = valid;
  error_ = error;
  if (valid) {
    status_->setStyleSheet("color: #2e7d32;");
    status_->setText(QString::fromUtf8("✔ admissible"));
    showReadout(lastValid_);
    Q_EMIT tensorChanged(lastValid_);
  } else {
    status_->setStyleSheet("color: #c62828;");
    status_->setText(QString::fromUtf8("✖ ") + error);
  }
  if (changed) Q_EMIT validityChanged(valid_, error_);
}

void TensorForm::showReadout(const Stiffness& c) {
  const EngineeringConstants e = engineeringConstants(c);
  const DirectionalYoung young(c);
  readout_->setText(
      tr("<table cellspacing=2>"
         "<tr><td>Zener A</td><td align=right>%1</td></tr>"
         "<tr><td>E[100]</td><td align=right>%2</td></tr>"
         "<tr><td>E[111]</td><td align=right>%3</td></tr>"
         "<tr><td>K</td><td align=right>%4</td></tr>"
         "<tr><td>G (Hill)</td><td align=right>%5</td></tr>"
         "<tr><td>&nu;<sub>12</sub></td><td align=right>%6</td></tr></table>")
          .arg(number(e.zener), number(young(Vector3(1, 0, 0))), number(young(Vector3(1, 1, 1))),
               number(e.bulkHill), number(e.shearHill), number(e.poisson(0, 1))));
}

}  // namespace mf::gui
