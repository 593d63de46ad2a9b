#pragma once
// The session a new user sees on first start: a cubic target and four TPMS candidates (gyroid,
// Schwarz P, diamond; sheets and networks) so that the whole loop — target, candidates,
// verification, comparison, export — is on screen at once. The candidates still need their
// FE verification (the GUI runs it in the background).

#include "core/design/session.hpp"

namespace mf::design {

Session exampleSession(int resolution = 32);

}  // namespace mf::design
