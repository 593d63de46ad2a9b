// The ETA of a job from its measured progress rate (core/jobs/eta_estimator.hpp).

#include "core/jobs/eta_estimator.hpp"

#include <gtest/gtest.h>

namespace mf {
namespace {

TEST(EtaEstimator, ALinearJobGetsItsExactRemainingTime) {
  EtaEstimator eta;
  for (int i = 0; i <= 20; ++i) eta.add(0.1 * i, 0.01 * i);  // 10 % per second
  ASSERT_TRUE(eta.remaining());
  EXPECT_NEAR(*eta.remaining(), 8.0, 1e-9);  // 80 % left
}

TEST(EtaEstimator, FollowsTheStageTheJobIsIn) {
  // Half the progress in the first second (a model loaded, a fast stage), then 5 % per second.
  EtaEstimator eta(3.0);
  for (int i = 0; i <= 10; ++i) eta.add(0.1 * i, 0.05 * i);
  for (int i = 1; i <= 60; ++i) eta.add(1.0 + 0.1 * i, 0.5 + 0.005 * i);  // at 7 s: 80 % done
  ASSERT_TRUE(eta.remaining());
  EXPECT_NEAR(*eta.remaining(), 4.0, 1e-6);  // 20 % at 5 %/s
  // The average since the start (what it was before) would say 7 · 0.2 / 0.8 = 1.75 s.
}

TEST(EtaEstimator, SaysNothingWithoutEnoughHistoryOrProgress) {
  EtaEstimator eta;
  EXPECT_FALSE(eta.remaining());
  eta.add(0.0, 0.0);
  eta.add(0.1, 0.05);
  EXPECT_FALSE(eta.remaining());  // 0.1 s is too little to tell
  EtaEstimator stalled;
  for (int i = 0; i <= 50; ++i) stalled.add(0.1 * i, 0.4);
  EXPECT_FALSE(stalled.remaining());  // no progress in the window: no number to trust
  EtaEstimator done;
  done.add(0.0, 0.0);
  done.add(1.0, 1.0);
  EXPECT_FALSE(done.remaining());
}

}  // namespace
}  // namespace mf
