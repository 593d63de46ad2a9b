#pragma once
// Drawing with QPainter needs fonts, so a QGuiApplication; the CLI's is offscreen (no display)
// and keeps Qt's start-up chatter off the terminal, so a plot never adds lines to a command's
// output.

#include <QGuiApplication>

#include <memory>

namespace mf::cli {

// The application to draw with, or nullptr when one exists already (keep it alive while drawing).
std::unique_ptr<QGuiApplication> offscreenApplication();

}  // namespace mf::cli
