import { useEffect, useRef, useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import { callRun, errorText, type PlaygroundInfo } from './playgroundApi';
import { DIGIT_FIELD, greyFromRgba, toMnistDigit, type GreyImage } from './digitPreprocess';
import { Probabilities } from './Probabilities';

const PAD = 224;
const BRUSH = 20;

/** Draws a grey image scaled up, pixel by pixel, into a canvas. */
export function GreyCanvas({ image, size, testId }: { image: GreyImage; size: number; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const data = ctx.createImageData(image.width, image.height);
    image.pixels.forEach((v, i) => {
      const g = Math.round(255 * Math.min(1, Math.max(0, v)));
      data.data.set([g, g, g, 255], i * 4);
    });
    ctx.putImageData(data, 0, 0);
  }, [image]);
  return <canvas ref={ref} width={image.width} height={image.height} style={{ width: size, height: size, imageRendering: 'pixelated' }} data-testid={testId} />;
}

/**
 * §1–2's classifiers on a digit drawn with the mouse: the drawing is
 * prepared as MNIST's digits were (digitPreprocess.ts) and classified after
 * every stroke.
 */
export function DigitPad({ run, info }: { run: RunRecord; info: PlaygroundInfo }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [digit, setDigit] = useState<GreyImage | null>(null);
  const [probabilities, setProbabilities] = useState<number[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const clear = () => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD, PAD);
    setDigit(null);
    setProbabilities(null);
  };
  useEffect(clear, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - box.left) * PAD) / box.width, y: ((e.clientY - box.top) * PAD) / box.height };
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    drawing.current = true;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const { x, y } = point(e);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = BRUSH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x, y);
    ctx.stroke();
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = ref.current?.getContext('2d');
    if (!drawing.current || !ctx) return;
    const { x, y } = point(e);
    ctx.lineTo(x, y);
    ctx.stroke();
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    void classify();
  };

  const classify = async () => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const prepared = toMnistDigit(greyFromRgba(ctx.getImageData(0, 0, PAD, PAD).data, PAD, PAD));
    setDigit(prepared);
    if (!prepared) return;
    try {
      const { outputs } = await callRun(run, 'playground.predict', { inputs: [Array.from(prepared.pixels)] });
      setProbabilities(outputs[0]?.values ?? null);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div className="digit-pad">
      <p className="muted">Draw a {info.dataset === 'mnist' ? 'digit' : 'piece of clothing'} with the mouse. It is scaled into 20×20 and centred by its centre of mass in 28×28, as MNIST's digits were.</p>
      <div className="digit-row">
        <canvas
          ref={ref}
          width={PAD}
          height={PAD}
          className="draw-canvas"
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerLeave={up}
          data-testid="digit-canvas"
        />
        <div className="digit-side">
          {digit ? <GreyCanvas image={digit} size={DIGIT_FIELD * 3} testId="digit-preprocessed" /> : <div className="digit-empty">28×28</div>}
          <button type="button" onClick={clear} data-testid="digit-clear">
            Clear
          </button>
        </div>
      </div>
      {error && <p className="error-text">{error}</p>}
      {probabilities && <Probabilities names={info.classNames} values={probabilities} />}
    </div>
  );
}
