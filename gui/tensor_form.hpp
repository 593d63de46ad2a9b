#pragma once
// The cubic tensor form: C11, C12, C44 typed by the user, checked live. A field that is wrong
// turns red and says why (tooltip and the line under the form); the last admissible tensor is
// kept, so the views never show garbage.

#include "core/tensor/stiffness.hpp"

#include <QWidget>

#include <array>
#include <optional>

class QLabel;
class QLineEdit;

namespace mf::gui {

class TensorForm : public QWidget {
  Q_OBJECT

 public:
  explicit TensorForm(QWidget* parent = nullptr);

  // Fill the fields and re-check them, as if the user had typed the values.
  void setCubic(double c11, double c12, double c44);
  // The last admissible tensor entered (the default one before any edit).
  const Stiffness& lastValidTensor() const { return lastValid_; }
  bool isValid() const { return valid_; }
  // Why the current input is rejected; empty when valid.
  QString errorText() const { return error_; }

 Q_SIGNALS:
  // Emitted for every new admissible tensor.
  void tensorChanged(const mf::Stiffness& c);
  void validityChanged(bool valid, const QString& reason);

 private:
  void revalidate();
  void markField(int index, const QString& reason);
  void showReadout(const Stiffness& c);

  std::array<QLineEdit*, 3> fields_{};  // C11, C12, C44
  QLabel* status_ = nullptr;
  QLabel* readout_ = nullptr;
  Stiffness lastValid_;
  bool valid_ = false;
  QString error_;
};

}  // namespace mf::gui
