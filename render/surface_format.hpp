#pragma once
// OpenGL set-up that must happen before QApplication exists (see PLATFORM.md): a 3.2 core
// profile with a depth buffer and no Qt multisampling (VTK multisamples its own framebuffer),
// and shared contexts so that viewports can move between windows.

namespace mf::render {

void configureOpenGLBeforeQApplication();

}  // namespace mf::render
