import type * as TF from '@tensorflow/tfjs';

/**
 * Small tensors a raw step feeds to ops again and again (axes, shapes,
 * scales), made once per installed step, kept out of every `tidy`, and
 * disposed with the step.
 */
export class Constants {
  private readonly cache = new Map<string, TF.Tensor>();

  constructor(private readonly tf: typeof TF) {}

  float(value: number): TF.Tensor {
    return this.get(`f${value}`, () => this.tf.scalar(value, 'float32'));
  }

  int(value: number): TF.Tensor {
    return this.get(`i${value}`, () => this.tf.scalar(value, 'int32'));
  }

  ints(values: readonly number[]): TF.Tensor {
    return this.get(`v${values.join(',')}`, () => this.tf.tensor1d([...values], 'int32'));
  }

  dispose(): void {
    for (const tensor of this.cache.values()) tensor.dispose();
    this.cache.clear();
  }

  private get(key: string, make: () => TF.Tensor): TF.Tensor {
    let tensor = this.cache.get(key);
    if (!tensor) {
      tensor = this.tf.keep(make());
      this.cache.set(key, tensor);
    }
    return tensor;
  }
}
