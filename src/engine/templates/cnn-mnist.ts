import { chainGraph } from './build';
import { CHANNELS_NOTE, tutorialCnnLayers } from './convolutional';
import { tutorialTraining } from './tutorialTraining';
import type { ProjectTemplate } from './types';

export const cnnMnistTemplate: ProjectTemplate = {
  id: 'cnn-mnist',
  title: 'CNN with MNIST',
  group: 'images',
  description: `A convolutional network for handwritten digits (tutorial §2): two 3×3 convolutions with 10 filters, each followed by ReLU, 2×2 max pooling, then 128 ReLU neurons and a 10-way softmax. Categorical cross-entropy, Adadelta, batches of 256, 5 epochs, validation on the last 20%. ${CHANNELS_NOTE}`,
  dataset: 'mnist',
  graph: chainGraph(tutorialCnnLayers([28, 28, 1], 128)),
  training: tutorialTraining({ dataset: 'mnist', epochs: 5, batchSize: 256, validation: 'split', validationSplit: 0.2 }),
  tutorial: {
    section: '2. CNN with MNIST',
    result: 'validation accuracy 0.9855 after 5 epochs',
    epochs: [
      { loss: 0.2709, acc: 0.914, val_loss: 0.1108, val_acc: 0.965 },
      { loss: 0.0687, acc: 0.9785, val_loss: 0.0735, val_acc: 0.9765 },
      { loss: 0.0461, acc: 0.9861, val_loss: 0.062, val_acc: 0.9814 },
      { loss: 0.0324, acc: 0.9902, val_loss: 0.0593, val_acc: 0.984 },
      { loss: 0.0233, acc: 0.9928, val_loss: 0.0518, val_acc: 0.9855 },
    ],
  },
};
