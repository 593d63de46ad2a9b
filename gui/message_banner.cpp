#include "gui/message_banner.hpp"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

#include <cstdio>

namespace mf::gui {

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent) {
  setObjectName("messageBanner");
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(10, 4, 6, 4);
  text_ = new QLabel(this);
  text_->setObjectName("bannerText");
  text_->setWordWrap(true);
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(text_, 1);
  buttons_ = new QHBoxLayout;
  layout->addLayout(buttons_);
  auto* close = new QToolButton(this);
  close->setObjectName("bannerClose");
  close->setText(QString::fromUtf8("✕"));
  close->setAutoRaise(true);
  close->setToolTip(tr("Dismiss"));
  layout->addWidget(close);
  connect(close, &QToolButton::clicked, this, &QWidget::hide);
  hide();
}

void MessageBanner::showMessage(Kind kind, const QString& text, const std::vector<Choice>& choices) {
  kind_ = kind;
  const char* style = kind == Kind::Error ? "#messageBanner { background: #fdecea; border-bottom: 1px solid #d9534f; } QLabel { color: #611a15; }"
                      : kind == Kind::Question
                          ? "#messageBanner { background: #fff8e1; border-bottom: 1px solid #f0ad4e; } QLabel { color: #4d3b00; }"
                          : "#messageBanner { background: #e8f4fd; border-bottom: 1px solid #5bc0de; } QLabel { color: #0c3c60; }";
  setStyleSheet(style);
  text_->setText((kind == Kind::Error ? QString::fromUtf8("✖ ") : QString()) + text);
  // An error is also one line on stderr, for whoever started the app from a shell or a script.
  if (kind == Kind::Error) {
    QString line = text;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(line));
  }
  while (QLayoutItem* item = buttons_->takeAt(0)) {
    if (item->widget()) item->widget()->deleteLater();
    delete item;
  }
  for (const Choice& c : choices) {
    auto* b = new QPushButton(c.text, this);
    auto action = c.action;
    connect(b, &QPushButton::clicked, this, [this, action] {
      hide();
      if (action) action();
    });
    buttons_->addWidget(b);
  }
  show();
}

QString MessageBanner::text() const { return isVisible() ? text_->text() : QString(); }

bool MessageBanner::choose(const QString& text) {
  for (int i = 0; i < buttons_->count(); ++i)
    if (auto* b = qobject_cast<QPushButton*>(buttons_->itemAt(i)->widget()); b && b->text() == text) {
      b->click();
      return true;
    }
  return false;
}

}  // namespace mf::gui
