#pragma once
// The Generate part of the Target dock: whether the chosen family can aim at the target ("in data
// range ✔/✘", checked live, with the nearest target it can reach as a button), and the options
// and button that ask it for candidates. The button is off while anything stops it and says
// what on its face. The families arrive as they load (the window loads them in the background).

#include "core/design/family.hpp"
#include "plugins/registry/family_registry.hpp"

#include <QWidget>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSpinBox;

namespace mf::gui {

// The family choice that asks every family at once.
inline constexpr const char* kAllFamilies = "all";

// What the Generate button asks for: `count` cells from a family for the current target.
struct GenerateOptions {
  QString family;  // registry id, or kAllFamilies
  int count = 4;
  double guidance = design::FamilyRequest{}.guidance;
  qint64 seed = 1;
  int steps = 25;
  std::map<std::string, double> parameters;  // the chosen family's other controls, by name
};

class GenerateBox : public QWidget {
  Q_OBJECT

 public:
  explicit GenerateBox(QWidget* parent = nullptr);

  // The target to aim at (the request without options), or why there is none.
  void setTarget(const std::optional<design::FamilyRequest>& request, const QString& whyNot);
  // The families the registry offers: (id, name, tooltip). None: Generate says why it is off.
  void setFamilies(const std::vector<std::array<QString, 3>>& families, const QString& whyNone = {});
  // The controls a family takes: its manifest's "parameters" (guidance, steps, …), each built
  // once from the first schema that names it (label, range, default, step, tip; an integer spin
  // box or a decimal one) under the name "<name>Spin". The box shows those of the chosen family
  // (for All families, any family's).
  void setFamilyParameters(const QString& id, const std::vector<plugins::FamilyParameter>& parameters);
  // The family of registry id `id` is ready (it checks the target from now on), or cannot be
  // made (`problem` says why). Until one of these, the range line says it is loading.
  void setFamilyReady(const QString& id, std::shared_ptr<const design::MicrostructureFamily> family);
  void setFamilyProblem(const QString& id, const QString& problem);

  GenerateOptions options() const;
  void setOptions(const GenerateOptions& options);
  // While a generation runs the button reads "Generating…" and is off (Cancel is in Jobs).
  void setGenerating(bool running);
  // A run with this seed gave cells: the next press samples new ones. A refused or failed run
  // keeps the seed, so pressing again after a fix gives what the first press would have.
  void seedUsed(qint64 seed);

  // The chosen family's verdict on the target; empty while it loads or there is no target.
  std::optional<design::TargetCheck> rangeCheck() const { return range_; }
  // True when the chosen family accepts the target, or no family is offered at all (then
  // nothing can refuse it): where the Target dock may show its ✔.
  bool familyAccepts() const;
  QPushButton* generateButton() const { return generate_; }

 Q_SIGNALS:
  void generateRequested(const mf::gui::GenerateOptions& options);
  // The user asked for the nearest target the family can reach.
  void nearestRequested(const mf::design::DesignTarget& target);
  void verdictChanged();
  // The user chose another family (registry id, or kAllFamilies).
  void familyChosen(const QString& id);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void checkRange();
  void showFamilyControls();
  std::optional<design::TargetCheck> allFamiliesCheck(QString& pending) const;
  void updateButton();
  void elideButtonText();

  QLabel* rangeLabel_ = nullptr;
  QPushButton* nearest_ = nullptr;
  QComboBox* family_ = nullptr;
  std::vector<QString> ids_;  // the offered families' ids, in order
  std::map<QString, QStringList> parameters_;
  QFormLayout* form_ = nullptr;
  QSpinBox* count_ = nullptr;
  QSpinBox* seed_ = nullptr;
  std::map<std::string, QWidget*> controls_;  // by parameter name: a QSpinBox or a QDoubleSpinBox
  double controlValue(const std::string& name, double otherwise) const;
  void setControlValue(const std::string& name, double value);
  QPushButton* generate_ = nullptr;
  QString whyNoFamily_;
  QString buttonText_;  // the button's full text, elided to its width
  bool generating_ = false;
  std::optional<design::FamilyRequest> request_;
  QString whyNoTarget_;
  struct FamilyState {
    std::shared_ptr<const design::MicrostructureFamily> family;
    QString problem;
  };
  std::map<QString, FamilyState> familyStates_;
  std::optional<design::TargetCheck> range_;
};

}  // namespace mf::gui
