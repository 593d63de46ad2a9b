#pragma once
// The Target dock: the stiffness the user asks for, in the form they think in (cubic,
// orthotropic, all 21 constants, or engineering constants E, ν, G), with the volume fraction.
// Every keystroke is checked: a field that is wrong turns red and says why (tooltip and the
// status line), admissibility is shown live with its reason, gauges show K and G against the
// Hashin–Shtrikman bounds at the volume fraction, and the Generate box below (generate_box.hpp)
// says whether the chosen family can aim at the target. A change of form says in place what
// the new form could not hold. Values show in the session's unit (normalized, or GPa with a
// base material). Edits go to the SessionModel (undoable); the views keep showing the last
// admissible target.

#include "core/design/target.hpp"
#include "core/tensor/stiffness.hpp"

#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QToolButton;

namespace mf::gui {

class GenerateBox;
class SessionModel;

class TargetPanel : public QWidget {
  Q_OBJECT

 public:
  explicit TargetPanel(SessionModel* model, QWidget* parent = nullptr);

  // As if the user had chosen the form and typed the values.
  void setCubic(double c11, double c12, double c44);
  void setForm(design::TargetForm form);
  void applyPreset(int index);
  int presetCount() const;

  bool isValid() const { return valid_; }
  QString errorText() const { return error_; }
  // The last admissible tensor entered (the default one before any edit).
  const Stiffness& lastValidTensor() const { return lastValid_; }
  QLineEdit* field(const QString& label) const;  // "C11", "E", "ν", "vf"

  // The Generate box: the family's verdict on this target, the options and the button.
  GenerateBox* generateBox() const { return generateBox_; }

 Q_SIGNALS:
  void tensorChanged(const mf::Stiffness& c);  // every new admissible tensor
  void validityChanged(bool valid, const QString& reason);

 private:
  void rebuildFields();
  void refreshFromModel();
  void onEdited(const QString& label);
  void validate(bool push, const QString& what);
  void markField(QLineEdit* field, const QString& reason);
  void showReadout(const Stiffness& c);
  void showGauges(const Stiffness& c, double volumeFraction);
  void showAdmissibility();
  // Stiffness fields are shown in the session's unit (normalized, or GPa with a material).
  double unitScale() const;
  bool isStiffnessField(std::size_t index) const;

  SessionModel* model_;
  QComboBox* formCombo_ = nullptr;
  QGridLayout* grid_ = nullptr;
  QWidget* gridHost_ = nullptr;
  std::vector<QLineEdit*> fields_;
  QLineEdit* vf_ = nullptr;
  QCheckBox* vfFree_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* note_ = nullptr;  // what a change of form did to the values (averaged, dropped)
  QProgressBar* bulkGauge_ = nullptr;
  QProgressBar* shearGauge_ = nullptr;
  QLabel* readout_ = nullptr;
  QToolButton* presets_ = nullptr;
  GenerateBox* generateBox_ = nullptr;
  design::TargetForm form_ = design::TargetForm::Cubic;
  Stiffness lastValid_;
  bool valid_ = false;
  QString error_;
  bool pushing_ = false;  // our own edit is reaching the model: do not rewrite the fields
  double shownScale_ = 1.0;  // the unit the fields were built for
};

}  // namespace mf::gui
