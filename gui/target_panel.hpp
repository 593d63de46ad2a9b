#pragma once
// The Target dock: the stiffness the user asks for, in the form they think in (cubic,
// orthotropic, all 21 constants, or engineering constants E, ν, G), with the volume fraction.
// Every keystroke is checked: a field that is wrong turns red and says why (tooltip and the
// status line), admissibility is shown live with its reason, gauges show K and G against the
// Hashin–Shtrikman bounds at the volume fraction, and the chosen family says live whether it
// can aim at the target ("in data range ✔/✘", with the nearest target it can reach as a
// button). Generate is off while anything stops it, and says what on the button. Edits go to
// the SessionModel (undoable); the views keep showing the last admissible target.

#include "core/design/family.hpp"
#include "core/design/target.hpp"
#include "core/tensor/stiffness.hpp"

#include <QWidget>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QDoubleSpinBox;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace mf::gui {

class SessionModel;

// What the Generate button asks for: `count` cells from a family for the current target.
struct GenerateOptions {
  QString family;  // registry id
  int count = 4;
  double guidance = design::FamilyRequest{}.guidance;
  qint64 seed = 1;
  int steps = 25;
};

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

  // --- generating candidates (the window runs the job) ------------------------------------------
  // The families the registry offers: (id, name, tooltip). None: Generate says why it is off.
  void setFamilies(const std::vector<std::array<QString, 3>>& families, const QString& whyNone = {});
  GenerateOptions generateOptions() const;
  void setGenerateOptions(const GenerateOptions& options);
  // While a generation runs the button reads "Generating…" and is off (Cancel is in Jobs).
  void setGenerating(bool running);
  // A run with this seed gave cells: the next press samples new ones. A refused or failed run
  // keeps the seed, so pressing again after a fix gives what the first press would have.
  void seedUsed(qint64 seed);
  QPushButton* generateButton() const { return generate_; }
  // The family of registry id `id` is ready (it checks the target from now on), or cannot be
  // made (`problem` says why). Until one of these, the range line says it is loading.
  void setFamilyReady(const QString& id, std::shared_ptr<const design::MicrostructureFamily> family);
  void setFamilyProblem(const QString& id, const QString& problem);
  // The chosen family's verdict on the current target; empty while it loads or the target is
  // not valid.
  std::optional<design::TargetCheck> rangeCheck() const { return range_; }
  // The request Generate would send for the current target (without the options).
  std::optional<design::FamilyRequest> currentRequest() const;
  // Sets the nearest target the family can reach (what the "Use nearest reachable target"
  // button does); false when there is none.
  bool useNearestReachableTarget();

 Q_SIGNALS:
  void tensorChanged(const mf::Stiffness& c);  // every new admissible tensor
  void validityChanged(bool valid, const QString& reason);
  void generateRequested(const mf::gui::GenerateOptions& options);

 private:
  void rebuildFields();
  void refreshFromModel();
  void onEdited(const QString& label);
  void validate(bool push, const QString& what);
  void markField(QLineEdit* field, const QString& reason);
  void showReadout(const Stiffness& c);
  void showGauges(const Stiffness& c, double volumeFraction);
  void checkRange();
  void showAdmissibility();
  void updateGenerateButton();
  void elideGenerateText();
  void resizeEvent(QResizeEvent* event) override;
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
  QLabel* note_ = nullptr;        // what a change of form did to the values (averaged, dropped)
  QLabel* rangeLabel_ = nullptr;  // "in data range ✔/✘"
  QPushButton* nearest_ = nullptr;
  QProgressBar* bulkGauge_ = nullptr;
  QProgressBar* shearGauge_ = nullptr;
  QLabel* readout_ = nullptr;
  QToolButton* presets_ = nullptr;
  QComboBox* family_ = nullptr;
  QSpinBox* count_ = nullptr;
  QDoubleSpinBox* guidance_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QSpinBox* steps_ = nullptr;
  QPushButton* generate_ = nullptr;
  QString whyNoFamily_;
  QString generateText_;  // the button's full text, elided to its width
  struct FamilyState {
    std::shared_ptr<const design::MicrostructureFamily> family;
    QString problem;
  };
  std::map<QString, FamilyState> familyStates_;
  std::optional<design::TargetCheck> range_;
  bool generating_ = false;
  design::TargetForm form_ = design::TargetForm::Cubic;
  Stiffness lastValid_;
  bool valid_ = false;
  QString error_;
  bool pushing_ = false;  // our own edit is reaching the model: do not rewrite the fields
  double shownScale_ = 1.0;  // the unit the fields were built for
};

}  // namespace mf::gui
