#include <algorithm>
#include <stdexcept>
#include <string>

#include "minibatch.hpp"

// =============================================================================================
// Exercise 6.1  batch_ranges
// Seed:      004 "Remarks: Mini-Batch Gradient Descent" 5: "An epoch is one complete forward and
//            backward pass over the whole training set ... one forward and one backward pass over
//            a batch is called one iteration"
// Equation:  iterations an epoch = ceil(N / B); batch i = positions [i B, min((i + 1) B, N))
// Shapes:    N: samples in the training set; B: the batch size (>= 1)  ->  returns ceil(N/B)
//            Batch{begin, end} in order; together they cover 0..N-1 once, the last may be short
// Task:      Cut the positions 0..N-1 of one epoch into batches of B. N = 10, B = 3 gives 4
//            batches, [0,3) [3,6) [6,9) [9,10): the short last batch is kept, not dropped (N / B
//            rounds down) and not padded. B = 1 is stochastic gradient descent (N batches); B >= N
//            is batch gradient descent, one batch [0, N). N = 0 gives no batches. B = 0 throws
//            std::invalid_argument with a message that says why.
// =============================================================================================
std::vector<ch6::Batch> ch6::batch_ranges(std::size_t N, std::size_t B) {
    (void)N, (void)B;
    throw wb::not_implemented("6.1", "batch_ranges");
}
