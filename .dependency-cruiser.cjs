/**
 * Imports flow one way between the stage folders of src/ (ARCHITECTURE.md, "Layers and imports").
 * `npm run lint:deps` checks it; CI runs it before the tests. Type-only imports count.
 */

/** Lowest first: a folder may import its own and the folders before it, never those after it. */
const LAYERS = ['model', 'io', 'store', 'rules', 'engine', 'cases', 'notify', 'pipeline', 'report'];
/** Entry points: they may import any layer; no layer imports them. */
const ENTRY_POINTS = ['cli', 'bench', 'generator'];

const folder = (names) => `^src/(${names.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files import each other (directly or through others): move the shared piece into a file both can import.',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.slice(0, -1).map((layer, index) => ({
      name: `layer-${layer}`,
      severity: 'error',
      comment:
        `src/${layer}/ may import only ${LAYERS.slice(0, index + 1).join(', ')}; ` +
        `move what it needs from a higher layer down (layer order, lowest first: ${LAYERS.join(' → ')}).`,
      from: { path: folder([layer]) },
      to: { path: folder([...LAYERS.slice(index + 1), ...ENTRY_POINTS]) },
    })),
    {
      name: 'no-entry-point-imports',
      severity: 'error',
      comment: `No layer imports an entry point (${ENTRY_POINTS.join(', ')}): move the shared piece into a layer.`,
      from: { path: folder(LAYERS) },
      to: { path: folder(ENTRY_POINTS) },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
