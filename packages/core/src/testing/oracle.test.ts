import { describe, expect, it } from 'vitest';
import { array } from '../create.js';
import { compare, ulpOf } from './compare.js';
import { cumsumOracle } from './oracle-scan.js';
import { dftOracle } from './oracle-fft.js';
import { reduceOracle } from './oracle-reduce.js';
import { csrOracle } from './oracle-sparse.js';
import { binaryOracle, castOracle, clipOracle, readLogical, unaryOracle, whereOracle, type Logical } from './oracle.js';

// The oracles are the reference of the CPU backend: these hand-worked examples check them.
const L = (dtype: Logical['dtype'], shape: number[], values: number[]): Logical => ({ dtype, shape, values: array(values, { dtype }).dataSync() });
const values = (x: Logical) => Array.from(x.values);

describe('oracles', () => {
  it('read views through their strides', () => {
    const a = array([[1, 2, 3], [4, 5, 6]], { dtype: 'int32' });
    expect(values(readLogical(a.transpose().flip(0)))).toEqual([3, 6, 2, 5, 1, 4]);
    expect(readLogical(a.slice(null, [2, 0, -2])).shape).toEqual([2, 1]);
  });

  it('broadcast, promote and wrap binary ops', () => {
    const r = binaryOracle('add', L('int8', [2, 1], [100, -100]), L('int8', [3], [1, 27, 28]));
    expect(r.dtype).toBe('int8');
    expect(r.shape).toEqual([2, 3]);
    expect(values(r)).toEqual([101, 127, -128, -99, -73, -72]);
    expect(values(binaryOracle('mul', L('int32', [1], [65537]), L('int32', [1], [65537])))).toEqual([131073]); // 2^32 + 2^17 + 1 wraps
    expect(values(binaryOracle('sub', L('bool', [2], [0, 1]), L('bool', [2], [1, 1])))).toEqual([255, 0]);
    expect(binaryOracle('div', L('int16', [1], [1]), L('uint8', [1], [4]))).toEqual(L('float32', [1], [0.25]));
    expect(binaryOracle('less', L('float64', [3], [1, 2, 3]), L('float64', [], [2]))).toEqual(L('bool', [3], [1, 0, 0]));
    expect(binaryOracle('add', L('float32', [0, 2], []), L('float32', [1], [1])).shape).toEqual([0, 2]);
  });

  it('apply unary ops, clip and where', () => {
    expect(unaryOracle('abs', L('int8', [2], [-128, -3]))).toEqual(L('int8', [2], [-128, 3]));
    expect(unaryOracle('neg', L('bool', [2], [1, 0]))).toEqual(L('int8', [2], [-1, 0]));
    expect(unaryOracle('sqrt', L('uint8', [1], [9]))).toEqual(L('float32', [1], [3]));
    expect(unaryOracle('isnan', L('float32', [2], [NaN, 1]))).toEqual(L('bool', [2], [1, 0]));
    expect(values(clipOracle(L('float32', [4], [-5, 0.5, 5, NaN]), 0, 1))).toEqual([0, 0.5, 1, NaN]);
    expect(whereOracle(L('uint8', [2, 1], [0, 7]), L('int8', [2], [1, 2]), L('uint8', [1], [200]))).toEqual(L('int16', [2, 2], [200, 200, 1, 2]));
  });

  it('cast as documented: truncation, saturation, NaN to 0, non-zero to true', () => {
    expect(values(castOracle(L('float64', [6], [-1.7, 1.7, 300, -300, NaN, Infinity]), 'uint8'))).toEqual([0, 1, 255, 0, 0, 255]);
    expect(values(castOracle(L('float64', [3], [-2.9, 3e9, -Infinity]), 'int32'))).toEqual([-2, 2147483647, -2147483648]);
    expect(values(castOracle(L('float64', [3], [NaN, 0, -0.1]), 'bool'))).toEqual([1, 0, 1]);
    expect(values(castOracle(L('float64', [2], [1e39, 0.1]), 'float32'))).toEqual([Infinity, Math.fround(0.1)]);
  });

  it('reduce over axes, with NaNs, ties and empty axes', () => {
    const x = L('float64', [2, 3], [3, 1, 3, 4, NaN, 0]);
    expect(reduceOracle('sum', x, [1], false)).toEqual(L('float64', [2], [7, NaN]));
    expect(reduceOracle('max', x, [0], true)).toEqual(L('float64', [1, 3], [4, NaN, 3]));
    expect(reduceOracle('argmax', x, [1], false)).toEqual(L('int32', [2], [0, 1]));
    expect(reduceOracle('argmin', x, [0, 1], false)).toEqual(L('int32', [], [4]));
    expect(reduceOracle('argmin', L('int8', [2, 2, 2], [5, 2, 9, 1, 0, 7, 0, 3]), [0, 2], false)).toEqual(L('int32', [2], [2, 2]));
    expect(reduceOracle('mean', L('int16', [2, 0], []), [1], false)).toEqual(L('float32', [2], [NaN, NaN]));
    expect(reduceOracle('sum', L('uint8', [0], []), [0], true)).toEqual(L('float32', [1], [0]));
  });

  it('scan, multiply CSR and transform by definition', () => {
    expect(cumsumOracle(L('uint8', [2, 2], [200, 1, 100, 2]), 0, false)).toEqual(L('uint32', [2, 2], [200, 1, 300, 3]));
    expect(values(cumsumOracle(L('int32', [3], [3, 1, 2]), 0, true))).toEqual([0, 3, 4]);
    const csr = [L('int32', [3], [0, 2, 3]), L('int32', [3], [0, 1, 1]), L('float32', [3], [1, 0.5, 2])] as const;
    expect(values(csrOracle(...csr, L('float32', [2, 2], [1, 1, 4, 1]), [1, 0]))).toEqual([3, 2, 8, 1]);
    expect(values(csrOracle(...csr, L('float32', [2], [1, 4]), [2]))).toEqual([2, 16]);
    const { re, im } = dftOracle(L('float64', [4], [1, 2, 3, 4]), undefined, false);
    expect(values(re).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([10, -2, -2, -2]);
    expect(values(im).map((v) => Math.round(v * 1e12) / 1e12 + 0)).toEqual([0, 2, 0, -2]);
    const back = dftOracle(re, im, true);
    expect(values(back.re).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 2, 3, 4]);
  });
});

describe('compare', () => {
  it('measures ulps in the dtype of the reference', () => {
    expect(ulpOf(1, 'float32')).toBe(2 ** -23);
    expect(ulpOf(0.75, 'float64')).toBe(2 ** -53);
    expect(compare('x', L('float32', [1], [1 + 2 ** -23]), L('float32', [1], [1]), { ulp: 1 }).passed).toBe(true);
    expect(compare('x', L('float32', [1], [1 + 2 ** -22]), L('float32', [1], [1]), { ulp: 1 }).passed).toBe(false);
  });

  it('demands exact integers, matching NaNs, dtypes and shapes', () => {
    expect(compare('x', L('int32', [1], [3]), L('int32', [1], [2]), { ulp: 10, rel: 1 }).passed).toBe(false);
    expect(compare('x', L('float32', [2], [NaN, 1]), L('float32', [2], [NaN, 1])).passed).toBe(true);
    expect(compare('x', L('float32', [1], [NaN]), L('float32', [1], [1]), { rel: 1 }).passed).toBe(false);
    expect(compare('x', L('float32', [1], [1]), L('float64', [1], [1])).detail).toMatch(/dtype float32, expected float64/);
    expect(compare('x', L('float32', [2, 1], [1, 1]), L('float32', [2], [1, 1])).passed).toBe(false);
  });

  it('scales relative tolerances and bounds L2 errors', () => {
    expect(compare('x', L('float64', [1], [1e-3]), L('float64', [1], [0]), { rel: 1e-6 }, [1000]).passed).toBe(true);
    expect(compare('x', L('float64', [1], [2e-3]), L('float64', [1], [0]), { rel: 1e-6 }, [1000]).passed).toBe(false);
    expect(compare('x', L('float64', [2], [3, 4.001]), L('float64', [2], [3, 4]), { l2: 1e-3 }).passed).toBe(true);
    expect(compare('x', L('float64', [2], [3, 4.01]), L('float64', [2], [3, 4]), { l2: 1e-3 }).passed).toBe(false);
  });
});
