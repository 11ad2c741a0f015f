import { useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import type { MethodOutput } from '../../../shared/contract';
import { callRun, errorText } from './playgroundApi';
import { WordMap } from './WordMap';

type Vectors = MethodOutput<'playground.vectors'>;

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** §8.4–8.5 and §9.4: the embedding as word vectors, `most_similar`, and the tutorial's vectors.txt. */
export function WordVectors({ run }: { run: RunRecord }) {
  const [word, setWord] = useState('alice');
  const [result, setResult] = useState<MethodOutput<'playground.similar'> | null>(null);
  const [vectors, setVectors] = useState<Vectors | null>(null);
  const [error, setError] = useState<string | null>(null);

  const similar = async (query = word) => {
    try {
      setResult(await callRun(run, 'playground.similar', { word: query, topn: 10 }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const loadVectors = async (): Promise<Vectors | null> => {
    try {
      const loaded = vectors ?? (await callRun(run, 'playground.vectors', {}));
      setVectors(loaded);
      return loaded;
    } catch (e) {
      setError(errorText(e));
      return null;
    }
  };

  return (
    <div className="playground-text">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void similar();
        }}
      >
        <input value={word} onChange={(e) => setWord(e.target.value)} placeholder="a word" data-testid="w2v-word" />
        <button type="submit" data-testid="w2v-similar">
          Most similar
        </button>
      </form>
      {error && <p className="error-text">{error}</p>}
      {result && !result.known && <p className="warning-text" data-testid="w2v-unknown">“{result.word}” is not in the vocabulary.</p>}
      {result?.known && (
        <table className="neighbours" data-testid="w2v-neighbours">
          <thead>
            <tr>
              <th>Word</th>
              <th>Cosine</th>
            </tr>
          </thead>
          <tbody>
            {result.neighbours.map((n) => (
              <tr key={n.word} data-testid="w2v-neighbour" onClick={() => (setWord(n.word), void similar(n.word))}>
                <td>{n.word}</td>
                <td>{n.similarity.toFixed(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="button-row">
        <button
          type="button"
          onClick={() => void loadVectors().then((v) => v && download(v.fileName, v.text))}
          title="The tutorial's vectors.txt: a header “V-1 dim”, then one line per word (gensim's load_word2vec_format reads it)"
          data-testid="w2v-export"
        >
          Export word2vec…
        </button>
        {!vectors && (
          <button type="button" onClick={() => void loadVectors()} data-testid="w2v-map-show">
            Show map
          </button>
        )}
      </div>
      {vectors && <WordMap points={vectors.points} highlight={result?.known ? [result.word, ...result.neighbours.map((n) => n.word)] : []} onPick={(w) => (setWord(w), void similar(w))} />}
    </div>
  );
}
