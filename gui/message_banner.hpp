#pragma once
// A message strip across the top of the window: errors in place (an unreadable file, a cell of
// the wrong size), notices, and questions that must not block (restore the autosaved session?).
// Nothing modal, nothing lost: the message stays until it is answered or dismissed.

#include <QFrame>

#include <functional>
#include <vector>

class QLabel;
class QHBoxLayout;

namespace mf::gui {

class MessageBanner : public QFrame {
  Q_OBJECT

 public:
  enum class Kind { Error, Info, Question };
  struct Choice {
    QString text;
    std::function<void()> action;
  };

  explicit MessageBanner(QWidget* parent = nullptr);

  void showMessage(Kind kind, const QString& text, const std::vector<Choice>& choices = {});
  void showError(const QString& text) { showMessage(Kind::Error, text); }
  QString text() const;
  Kind kind() const { return kind_; }
  // Presses a choice by its text (tests); false when there is none.
  bool choose(const QString& text);

 private:
  QLabel* text_;
  QHBoxLayout* buttons_;
  Kind kind_ = Kind::Info;
};

}  // namespace mf::gui
