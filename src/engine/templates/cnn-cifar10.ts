import { chainGraph } from './build';
import { CHANNELS_NOTE, tutorialCnnLayers } from './convolutional';
import { tutorialTraining } from './tutorialTraining';
import type { ProjectTemplate } from './types';

export const cnnCifar10Template: ProjectTemplate = {
  id: 'cnn-cifar10',
  title: 'CNN with CIFAR-10',
  group: 'images',
  description: `The same convolutional body on 32×32 colour photos of 10 classes (tutorial §3): two 3×3 convolutions with 10 filters and ReLU, 2×2 max pooling, 512 ReLU neurons, a 10-way softmax. Adadelta, batches of 256, 5 epochs, validated on the 10,000 test images (validation_data=(X_test, Y_test)). ${CHANNELS_NOTE}`,
  dataset: 'cifar10',
  graph: chainGraph(tutorialCnnLayers([32, 32, 3], 512)),
  training: tutorialTraining({ dataset: 'cifar10', epochs: 5, batchSize: 256, validation: 'test', validationSplit: 0 }),
  tutorial: {
    section: '3. CNN with CIFAR10',
    result: 'validation (test set) accuracy 0.6111 after 5 epochs',
    epochs: [
      { loss: 1.7946, acc: 0.363, val_loss: 1.5176, val_acc: 0.4663 },
      { loss: 1.3445, acc: 0.5271, val_loss: 1.3694, val_acc: 0.5138 },
      { loss: 1.138, acc: 0.6, val_loss: 1.2711, val_acc: 0.5561 },
      { loss: 0.9772, acc: 0.6598, val_loss: 1.1615, val_acc: 0.5963 },
      { loss: 0.8254, acc: 0.7148, val_loss: 1.1207, val_acc: 0.6111 },
    ],
  },
};
