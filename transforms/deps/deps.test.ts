import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deps } from '.';
import { migrate } from '../../src/cli';
import { FindingLog } from '../../src/findings';
import { formatRequirement } from '../../src/pep508';
import { Project } from '../../src/project';
import { copyTree, readTree, REPOSITORY, TESTDATA, temporaryFolder } from '../../src/testing/helpers';
import { pep508Errors } from '../../src/testing/pep508';
import { convertEnvironment, Conversion } from './convert';
import { retargetDefinition } from './definition';
import { parseMatchSpec } from './matchspec';
import { lookupCondaName } from './names';
import { lineOf, planMerge } from './merge';
import { convertPipEntry } from './pip-entries';
import { readPyproject } from './pyproject';
import { readRequirements } from './requirements';
import { admitsOnlyWithin, parseSpecifier, specifierImplies } from './versions';

/** Converts a one-entry environment.yml (or several entries) and returns the lines it emits. */
function convert(...entries: string[]): Conversion {
  const yaml = `dependencies:\n${entries.map((entry) => `  - ${JSON.stringify(entry)}`).join('\n')}\n`;
  const result = convertEnvironment(yaml);
  if ('message' in result) throw new Error(`${entries.join(', ')}: ${result.message}`);
  return result;
}

function lines(conversion: Conversion): string[] {
  return conversion.requirements.map((entry) => entry.verbatim ?? formatRequirement(entry.requirement));
}

// ---------------------------------------------------------------------------------------------

const names = suite('deps: conda -> PyPI names');

const RENAMES: [string, string][] = [
  ['pytorch', 'torch'], ['pytorch-cpu', 'torch'], ['py-xgboost', 'xgboost'], ['msgpack-python', 'msgpack'],
  ['opencv', 'opencv-python'], ['py-opencv', 'opencv-python'], ['numpy-base', 'numpy'], ['matplotlib-base', 'matplotlib'],
  ['sklearn', 'scikit-learn'], ['python-graphviz', 'graphviz'], ['pytables', 'tables'], ['faiss', 'faiss-cpu'],
  ['pyqt', 'pyqt5'], ['dask-core', 'dask'], ['tensorflow-base', 'tensorflow'], ['tensorflow-gpu', 'tensorflow'],
  ['python-wget', 'wget'], ['spacy-model-en_core_web_sm', 'en-core-web-sm'], ['uvicorn-standard', 'uvicorn[standard]'],
  ['ray-default', 'ray[default]'], ['dask', 'dask[complete]'], ['airflow-with-amazon', 'apache-airflow[amazon]'],
  ['PyTorch', 'torch'], ['conda-forge::pytorch', 'torch'], ['Py_XGBoost', 'xgboost'],
];
const IDENTITIES = ['pandas', 'numpy', 'pyyaml', 'pillow', 'scikit-learn', 'snowflake-snowpark-python', 'streamlit',
  'typing_extensions', 'python-dateutil', 'ruamel.yaml', 'setuptools', 'wheel', 'certifi', 'protobuf', 'pyarrow'];
const DROPS = ['python', 'pip', 'conda', 'mamba', 'conda-build', 'libgcc-ng', 'libstdcxx-ng', 'libgomp', '_libgcc_mutex',
  'openssl', 'ca-certificates', 'tzdata', 'zlib', 'xz', 'bzip2', 'sqlite', 'libffi', 'ncurses', 'readline', 'tk',
  'font-ttf-dejavu-sans-mono', 'fonts-conda-ecosystem', 'gcc_linux-64', 'c-compiler', 'cxx-compiler', 'python_abi',
  'cudatoolkit', 'cudnn', 'pytorch-cuda', 'cpuonly', 'mkl', 'blas', 'libgdal', 'graphviz', 'nodejs', 'typing', 'enum34',
  'futures', 'conda-anaconda-telemetry', 'libxgboost', 'arrow-cpp', 'libpq', 'ffmpeg', 'openjdk'];

names('renames, including extras hints, channels and case', () => {
  for (const [conda, pypi] of RENAMES) {
    const spec = parseMatchSpec(conda);
    assert.ok(!('error' in spec));
    const lookup = lookupCondaName((spec as { name: string }).name);
    assert.is(lookup.kind, 'pypi', conda);
    if (lookup.kind !== 'pypi') continue;
    const written = lookup.extras.length > 0 ? `${lookup.name}[${lookup.extras.join(',')}]` : lookup.name;
    assert.is(written, pypi, conda);
    assert.ok(lookup.renamed, conda);
  }
});

names('known identities keep the name as written', () => {
  for (const name of IDENTITIES) {
    const lookup = lookupCondaName(name);
    assert.equal(lookup, { kind: 'pypi', name, extras: [], renamed: false, known: true, notOnPypi: false }, name);
  }
  assert.equal(lookupCondaName('Pillow'), { kind: 'pypi', name: 'Pillow', extras: [], renamed: false, known: true, notOnPypi: false });
});

names('non-Python packages are dropped, each with a reason', () => {
  for (const name of DROPS) {
    const lookup = lookupCondaName(name);
    assert.is(lookup.kind, 'drop', name);
    if (lookup.kind === 'drop') assert.ok(lookup.reason.length > 10, name);
  }
  assert.ok(RENAMES.length + DROPS.length >= 40);
  const drop = lookupCondaName('libgdal');
  assert.equal(drop.kind === 'drop' && drop.tooling, false, 'a system library the app may need is a warning, not a note');
});

names('unknown names, names not on PyPI, version rules and backport markers', () => {
  assert.equal(lookupCondaName('our-internal-toolkit'), {
    kind: 'pypi', name: 'our-internal-toolkit', extras: [], renamed: false, known: false, notOnPypi: false,
  });
  const model = lookupCondaName('spacy-model-en_core_web_sm');
  assert.ok(model.kind === 'pypi' && model.notOnPypi);
  const old = (specifier: string) => (when: string) => admitsOnlyWithin(parseSpecifier(specifier), when);
  assert.is((lookupCondaName('msgpack-python', old('==0.4.8.*')) as { name: string }).name, 'msgpack-python');
  assert.is((lookupCondaName('msgpack-python', old('>=0.4')) as { name: string }).name, 'msgpack');
  assert.is((lookupCondaName('tensorflow-gpu', old('==2.10.*')) as { name: string }).name, 'tensorflow-gpu');
  assert.is((lookupCondaName('tensorflow-gpu', old('==2.14.*')) as { name: string }).name, 'tensorflow');
  assert.is((lookupCondaName('contextvars') as { marker?: string }).marker, 'python_version < "3.7"');
});

names.run();

// ---------------------------------------------------------------------------------------------

const specs = suite('deps: MatchSpec -> PEP 508');

/** conda spec -> the requirement line, from shared/docs/conda-matchspec.md sections 4 and 8. */
const TRANSLATIONS: [string, string][] = [
  ['numpy', 'numpy'], ['numpy=', 'numpy'], ['numpy=*', 'numpy'], ['numpy *', 'numpy'], ["numpy[version='*']", 'numpy'],
  ['numpy=1.2', 'numpy==1.2.*'], ['numpy =1.2', 'numpy==1.2.*'], ['numpy 1.2*', 'numpy==1.2.*'], ['numpy=1.2.*', 'numpy==1.2.*'],
  ['numpy==1.2.*', 'numpy==1.2.*'], ['numpy=1.2.3', 'numpy==1.2.3.*'], ['numpy=5', 'numpy==5.*'],
  ['numpy==1.2.3', 'numpy==1.2.3'], ['numpy 1.2.3', 'numpy==1.2.3'], ['numpy[version=1.2.3]', 'numpy==1.2.3'],
  ['numpy=1.2.3=py_0', 'numpy==1.2.3'], ['numpy==1.2.3=h123_0', 'numpy==1.2.3'], ['numpy 1.2.3 py27_0', 'numpy==1.2.3'],
  ['numpy=1.11.2=*nomkl*', 'numpy==1.11.2'], ['numpy=1.8=py27_0', 'numpy==1.8'], ['numpy =1.8 py27_0', 'numpy==1.8'],
  ['numpy>=1,<2', 'numpy>=1,<2'], ['numpy >=1.0 , <2', 'numpy>=1.0,<2'], ['numpy!=1.2', 'numpy!=1.2'],
  ['numpy!=1.2.*', 'numpy!=1.2.*'], ['numpy~=1.2.3', 'numpy~=1.2.3'], ['numpy~=1', 'numpy>=1'],
  ['pandas>=1.3.*', 'pandas>=1.3'], ['numpy<2.*', 'numpy<2'], ['numpy<3.0a0', 'numpy<3.0a0'],
  ["numpy[version='>=1,<2']", 'numpy>=1,<2'], ['numpy[version=">=1"]', 'numpy>=1'], ['numpy[build=mkl]', 'numpy'],
  ['numpy[md5=abc123]', 'numpy'], ['conda-forge::numpy=1.21.*', 'numpy==1.21.*'], ['pytorch::pytorch', 'torch'],
  ['conda-forge/linux-64::numpy', 'numpy'], ['pytest =9', 'pytest==9.*'], ['tornado=5  # c', 'tornado==5.*'],
  ['plotly=6.*', 'plotly==6.*'], ['numpy 1.8*', 'numpy==1.8.*'], ['setuptools < 71', 'setuptools<71'],
  ['networkx !=2.8.1', 'networkx!=2.8.1'], ['nbconvert[execute]!=6.0.0,!=6.0.1', 'nbconvert[execute]!=6.0.0,!=6.0.1'],
  ['snowflake-snowpark-python[secure-local-storage,pandas]=1.36.0', 'snowflake-snowpark-python[secure-local-storage,pandas]==1.36.0.*'],
  ['python-dateutil=2.9.0post0=py310h06a4308_0', 'python-dateutil==2.9.0.post0'], ['pandas=2022.09.4', 'pandas==2022.9.4.*'],
  ['numpy 1.*.3', 'numpy==1.*'], ['Pillow>=10', 'Pillow>=10'], ['streamlit=1.52.2', 'streamlit==1.52.2.*'],
  ['streamlit=1.26.0', 'streamlit>=1.50'], ['streamlit<1.40', 'streamlit>=1.50'], ['streamlit>=1.20', 'streamlit>=1.20'],
];

const OR_SPECS: [string, string, boolean][] = [
  // spec, line, exact (a warning) or widened (a manual step)
  ['numpy=1.11.1|1.11.3', 'numpy>=1.11.1,<=1.11.3,!=1.11.2.*', true],
  ['numpy=1.26.3|1.26.4', 'numpy>=1.26.3,<=1.26.4', true],
  ['numpy>=1,<2|>=3', 'numpy>=1,!=2.*', true],
  ['numpy>=1.5,<2|>=2.1', 'numpy>=1.5,!=2.0.*', true],
  ['numpy=1.0|1.2', 'numpy>=1.0,<=1.2,!=1.1.*', true],
  ['numpy>=1,<3|>=1.5,<2', 'numpy>=1,<3', true],
  ['numpy>1.8,<2|==1.7', 'numpy>=1.7,<2', false],
  ['numpy<1.9|>=2', 'numpy', false],
  ['numpy (>=1,<2)|(>=3,<4)', 'numpy>=1,<4,!=2.*', true],
  ['numpy (>=1,<2)|(>=3.5,<4)', 'numpy>=1,<4', false],
];

specs('the translation table', () => {
  for (const [spec, expected] of TRANSLATIONS) assert.equal(lines(convert(spec)), [expected], spec);
});

specs('ORs: the covering range, exact or reported for review', () => {
  for (const [spec, expected, exact] of OR_SPECS) {
    const conversion = convert(spec);
    assert.equal(lines(conversion), [expected], spec);
    const note = conversion.notes.find((n) => n.code === 'or-spec');
    assert.is(note?.kind, exact ? 'warning' : 'manual', spec);
  }
});

specs('every line emitted is PEP 508', () => {
  const emitted = [...TRANSLATIONS, ...OR_SPECS].flatMap(([spec]) => lines(convert(spec)));
  assert.equal(pep508Errors(emitted), []);
});

specs('conda version/build splitting (conda _parse_version_plus_build examples)', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['pkg =1.2.3 0', '1.2.3', '0'], ['pkg 1.2.3=0', '1.2.3', '0'], ['pkg >=1.0 , < 2.0 py34_0', '>=1.0,<2.0', 'py34_0'],
    ['pkg >1.8,<2|==1.7', '>1.8,<2|==1.7', undefined], ['pkg * openblas_0', undefined, 'openblas_0'],
    ['pkg=1.2.3', '1.2.3*', undefined], ['pkg==1.2.3', '1.2.3', undefined], ['pkg=1.0|1.2', '=1.0|1.2', undefined],
  ];
  for (const [text, version, build] of cases) {
    const spec = parseMatchSpec(text);
    assert.ok(!('error' in spec), text);
    if ('error' in spec) continue;
    assert.is(spec.version, version, text);
    assert.is(spec.build, build, text);
  }
  for (const bad of ['numpy==', 'numpy>=', '=1.2', 'https://repo/pkg-1.0-0.tar.bz2']) assert.ok('error' in parseMatchSpec(bad), bad);
});

specs('python pins become requires-python, or a manual step when they exclude 3.11', () => {
  assert.is(convert('python=3.11', 'numpy').requiresPython, '==3.11.*');
  assert.is(convert('python==3.11').requiresPython, '==3.11.*');
  assert.is(convert('python>=3.9').requiresPython, '>=3.9');
  assert.is(convert('numpy').requiresPython, '>=3.11');
  for (const pin of ['python=3.8', 'python==3.10', 'python >= 3.8, < 3.9', 'python=3.12']) {
    const conversion = convert(pin);
    assert.is(conversion.requiresPython, '>=3.11', pin);
    assert.ok(conversion.notes.some((note) => note.kind === 'manual' && note.code === 'python-version'), pin);
  }
});

specs('pre-installed packages need no line unless pinned', () => {
  assert.equal(lines(convert('streamlit', 'snowflake-snowpark-python', 'python')), []);
  assert.equal(lines(convert('snowflake-snowpark-python=1.20.0')), ['snowflake-snowpark-python==1.20.0.*']);
  assert.equal(lines(convert('streamlit[snowflake]')), ['streamlit[snowflake]']);
});

specs.run();

// ---------------------------------------------------------------------------------------------

const pip = suite('deps: pip entries');

pip('requirements pass through; what is not PEP 508 is converted or reported', () => {
  const cases: [string, string | undefined, string?][] = [
    ['requests>=2.31', 'requests>=2.31'],
    ['requests >= 2.31  # HTTP', 'requests >= 2.31'],
    ['pydantic[email]==2.6.4', 'pydantic[email]==2.6.4'],
    ['tzdata; sys_platform == "win32"', 'tzdata; sys_platform == "win32"'],
    ['cryptography==42.0.5 --hash=sha256:abcd', 'cryptography==42.0.5', 'pip-option-dropped'],
    ['-e git+https://github.com/example/mylib.git@v1#egg=mylib', 'mylib @ git+https://github.com/example/mylib.git@v1', 'editable-install'],
    ['git+https://github.com/example/mylib.git#egg=mylib&subdirectory=src', 'mylib @ git+https://github.com/example/mylib.git#subdirectory=src'],
    ['https://example.com/files/my_pkg-1.0-py3-none-any.whl', 'my_pkg @ https://example.com/files/my_pkg-1.0-py3-none-any.whl'],
    ['boruta=0.3', 'boruta==0.3', 'pip-conda-syntax'],
    ['-e .', undefined, 'local-package'],
    ['./vendor/lib', undefined, 'local-package'],
    ['-r extra.txt', undefined, 'pip-option'],
    ['--extra-index-url https://pypi.example.com/simple', undefined, 'pip-option'],
    ['git+https://github.com/example/nameless.git', undefined, 'unnamed-url'],
    ['git+https://user:token@github.com/example/x.git#egg=x', undefined, 'credentials-in-url'],
    ['not a requirement!', undefined, 'invalid-requirement'],
  ];
  const emitted: string[] = [];
  for (const [text, expected, code] of cases) {
    const notes: { code: string; message: string }[] = [];
    const entry = convertPipEntry(text, notes as never, 0);
    const line = entry && (entry.verbatim ?? formatRequirement(entry.requirement));
    assert.is(line, expected, text);
    if (line) emitted.push(line);
    assert.equal(notes.map((note) => note.code), code ? [code] : [], text);
    for (const note of notes) assert.not.match(note.message, /token|user:/, 'no credentials in a message');
  }
  assert.equal(pep508Errors(emitted), []);
});

pip.run();

// ---------------------------------------------------------------------------------------------

const merging = suite('deps: merging into existing files');

merging('requirements.txt lines are read as pip reads them', () => {
  const text = '# comment\n-r base.txt\n--index-url https://x/simple\npandas==2.1.* \\\n    --hash=sha256:ab\r\nnumpy  # why\rnot a requirement!\n';
  const found = readRequirements(text);
  assert.equal(found.map((entry) => [entry.text, entry.offset]), [['pandas==2.1.*', text.indexOf('pandas')], ['numpy', text.indexOf('numpy')]]);
});

merging('the same requirement is not added twice; a different one is a conflict', () => {
  const existing = readRequirements('pandas==2.1.*\nNumPy>=1.26\naltair\nplotly[express]\n');
  const incoming = convert('pandas=2.1', 'numpy', 'altair>=5', 'plotly', 'scipy').requirements;
  const plan = planMerge(existing, incoming);
  assert.equal(plan.add.map((entry) => entry.requirement.name), ['scipy']);
  assert.equal(plan.conflicts.map(({ existing: kept, incoming: asked }) => [kept.text, lineOf(asked)]), [['altair', 'altair>=5']]);
});

merging('pins are compared by PEP 440 meaning: a line that admits only what conda asked for is no conflict', () => {
  const implies: [string, string, boolean][] = [
    ['==1.23.0', '==1.23.0.*', true], ['==1.23', '==1.23.0', true], ['==1.23.0', '>=1.20', true],
    ['==1.11.4', '==1.11.*', true], ['>=1.10,<1.12', '==1.11.*', false], ['==1.23.0.*', '==1.23.0', false],
    ['', '>=2', false], ['>=2', '', true], ['~=2.1.0', '==2.1.*', true], ['==2.1.*', '>=2,!=2.1.3', false],
    ['==2.1.*', '>=2,!=2.0.5', true], ['===abc', '==1', false],
  ];
  for (const [narrow, wide, expected] of implies) assert.is(specifierImplies(narrow, wide), expected, `${narrow} implies ${wide}`);
  const existing = readRequirements('numpy==1.23.0\npandas==2.1\nscipy>=1.10\n');
  const plan = planMerge(existing, convert('numpy=1.23.0', 'pandas==2.1.0', 'scipy=1.11').requirements);
  assert.equal(plan.add, []);
  assert.equal(plan.conflicts.map(({ existing: kept }) => kept.text), ['scipy>=1.10']);
});

merging('a package PyPI does not publish is never written; a URL line of the file installs it', () => {
  const existing = readRequirements('https://example.com/d/en_core_web_sm-3.5.0-py3-none-any.whl\n');
  assert.equal(existing.map((entry) => [entry.requirement.name, entry.requirement.url]),
    [['en_core_web_sm', 'https://example.com/d/en_core_web_sm-3.5.0-py3-none-any.whl']]);
  const incoming = convert('spacy-model-en_core_web_sm=3.5.0', 'spacy-model-en_core_web_md', 'spacy=3.5').requirements;
  const plan = planMerge(existing, incoming);
  assert.equal(plan.add.map(lineOf), ['spacy==3.5.*']);
  assert.equal(plan.notOnPypi.map(({ incoming: asked, existing: kept }) => [lineOf(asked), kept?.text]),
    [['en-core-web-sm==3.5.0.*', existing[0].text], ['en-core-web-md', undefined]]);
});

merging('a Streamlit pin raised to the runtime minimum does not replace the file\'s own Streamlit line', () => {
  const plan = planMerge(readRequirements('streamlit\n'), convert('streamlit=1.26.0').requirements);
  assert.equal(plan.add, []);
  assert.equal(plan.conflicts, []);
  assert.equal(plan.streamlitKept.map(({ incoming }) => [lineOf(incoming), incoming.raisedFrom]), [['streamlit>=1.50', 'streamlit=1.26.0']]);
});

merging('the version specifier of a requirement line is found for an edit in place', () => {
  const text = 'streamlit [snowflake] == 1.36.0 ; python_version >= "3.8"  # pinned\nstreamlit(<1.40)\nx \\\n  ==1\n';
  const found = readRequirements(text);
  assert.equal(found.map((entry) => entry.specifier && text.slice(entry.specifier.start, entry.specifier.end)),
    ['== 1.36.0', '(<1.40)', undefined]);
});

merging.run();

const files = suite('deps: outputs and packaging');

files('every requirement in every snapshot output is PEP 508', () => {
  const emitted: string[] = [];
  const root = path.join(TESTDATA, 'deps');
  for (const name of fs.readdirSync(root)) {
    const input = readTree(path.join(root, name, 'input'));
    for (const [file, bytes] of readTree(path.join(root, name, 'output'))) {
      if (input.get(file)?.equals(bytes)) continue;
      const text = bytes.toString('utf8').replace(/^\ufeff/, '');
      if (file.endsWith('requirements.txt')) emitted.push(...readRequirements(text).map((entry) => entry.text));
      if (file.endsWith('requirements.txt')) {
        const listed = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
        assert.is(readRequirements(text).length, listed.length, `${name}/${file}: every line is a requirement`);
      }
      if (file.endsWith('pyproject.toml')) {
        const pyproject = readPyproject(text);
        assert.ok(!('message' in pyproject), `${name}/${file}`);
        if (!('message' in pyproject)) emitted.push(...pyproject.requirements.map((entry) => entry.text));
      }
    }
  }
  assert.ok(emitted.length > 50);
  assert.equal(pep508Errors(emitted), []);
});

files('no credential of a snapshot input reaches a report or a written file', () => {
  const secrets = /c0nda-t0ken|s3cr3t-t0ken|hunter2|do-not-print-me/;
  const root = path.join(TESTDATA, 'deps');
  for (const name of fs.readdirSync(root)) {
    assert.not.match(fs.readFileSync(path.join(root, name, 'report.txt'), 'utf8'), secrets, name);
    const input = readTree(path.join(root, name, 'input'));
    for (const [file, bytes] of readTree(path.join(root, name, 'output'))) {
      if (!input.get(file)?.equals(bytes)) assert.not.match(bytes.toString('utf8'), secrets, `${name}/${file}`);
    }
  }
});

files('the example app is converted by `all`', async () => {
  const work = temporaryFolder();
  try {
    copyTree(path.join(TESTDATA, 'example-app'), work);
    const result = await migrate(work, undefined, [deps], { annotate: false, flags: {} }, 'write');
    assert.not.ok(fs.existsSync(path.join(work, 'environment.yml')));
    assert.is(fs.readFileSync(path.join(work, 'requirements.txt'), 'utf8'),
      'streamlit>=1.50\npandas==2.*\nplotly==5.18.0.*\npyyaml\naltair>=5,<6\n');
    assert.match(fs.readFileSync(path.join(work, 'snowflake.yml'), 'utf8'), /\n {6}- requirements\.txt\n/);
    const source = result.findings.find((finding) => finding.code === 'deps/package-source');
    assert.match(source?.snippet ?? "", /ALTER STREAMLIT SALES_DASHBOARD SET\n {2}EXTERNAL_ACCESS_INTEGRATIONS = \(PYPI_ACCESS_INTEGRATION\)/);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

files('an invalid --deps-format is an error that converts nothing', async () => {
  const work = temporaryFolder();
  try {
    fs.writeFileSync(path.join(work, 'environment.yml'), 'dependencies:\n  - pandas\n');
    const result = await migrate(work, undefined, [deps], { annotate: false, flags: { 'deps-format': 'toml' } }, 'dry-run');
    assert.is(result.exitCode, 2);
    assert.equal(result.changes, []);
    assert.match(result.findings[0].message, /--deps-format `toml` must be `requirements` or `pyproject`/);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

files('a run given only environment.yml never deletes it for a requirements.txt it cannot see', async () => {
  const work = temporaryFolder();
  try {
    fs.writeFileSync(path.join(work, 'environment.yml'), 'dependencies:\n  - pandas\n');
    fs.writeFileSync(path.join(work, 'requirements.txt'), 'numpy\n');
    const result = await migrate(work, ['environment.yml'], [deps], { annotate: false, flags: {} }, 'write');
    assert.is(result.exitCode, 2);
    assert.equal(result.changes, []);
    assert.ok(fs.existsSync(path.join(work, 'environment.yml')));
    assert.is(fs.readFileSync(path.join(work, 'requirements.txt'), 'utf8'), 'numpy\n');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

files('the package ships the mapping data and its notice', () => {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json'], {
    cwd: REPOSITORY, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' },
  });
  assert.is(result.status, 0, result.stderr);
  const packed = new Set((JSON.parse(result.stdout) as { files: { path: string }[] }[])[0].files.map((file) => file.path));
  for (const file of ['NOTICE.md', 'data/conda-pypi/mapping.json', 'data/conda-pypi/identity_names.txt', 'data/conda-pypi/not_on_pypi.txt',
    'data/conda-pypi/extras_hints.json', 'data/conda-pypi/version_rules.json', 'data/conda-pypi/README.md']) {
    assert.ok(packed.has(file), `${file} is packed`);
  }
  assert.match(fs.readFileSync(path.join(REPOSITORY, 'NOTICE.md'), 'utf8'), /Copyright \(c\) 2023, prefix\.dev GmbH/);
});

files.run();

const definitions = suite('deps: which snowflake.yml entries name the environment file');

function retarget(definitionText: string, definition = 'app/snowflake.yml', environment = 'app/environment.yml'): string[] {
  const files: Record<string, string> = { [definition]: definitionText };
  const project = new Project('/nowhere', [definition], new FindingLog(),
    (absolute) => Buffer.from(files[absolute.replace('/nowhere/', '')]));
  return retargetDefinition(project, definition, environment, 'app/requirements.txt').changes.map((change) => change.from);
}

definitions('the path is found however the YAML spells it, in its own folder or another', () => {
  const v1 = (value: string) => `definition_version: 1\nstreamlit:\n  name: a\n  env_file: ${value}\n`;
  assert.equal(retarget(v1('environment.yml')), ['environment.yml']);
  assert.equal(retarget(v1('./environment.yml')), ['./environment.yml']);
  assert.equal(retarget(v1('"environment\\x2eyml"')), ['environment.yml']);
  assert.equal(retarget(v1('"environ\\\n    ment.yml"')), ['environment.yml']);
  assert.equal(retarget(v1('../app/environment.yml'), 'other/snowflake.yml'), ['../app/environment.yml']);
  assert.equal(retarget(v1('environment.yml'), 'other/snowflake.yml'), []);
  assert.equal(retarget(v1("'it''s/environment.yml'"), 'app/snowflake.yml', "app/it's/environment.yml"), ["it's/environment.yml"]);
  assert.equal(retarget(v1('my\n    env/environment.yml'), 'app/snowflake.yml', 'app/my env/environment.yml'), ['my env/environment.yml']);
});

definitions('a path outside the definition\'s folder is found even when the text spells `..` with escapes', () => {
  const v1 = (value: string) => `definition_version: 1\nstreamlit:\n  name: a\n  env_file: ${value}\n`;
  assert.equal(retarget(v1('"\\x2e\\x2e/app/environment.yml"'), 'other/snowflake.yml'), ['../app/environment.yml']);
  assert.equal(retarget(v1('../apple/environment.yml'), 'app/snowflake.yml', 'apple/environment.yml'), ['../apple/environment.yml']);
  assert.equal(retarget(v1('sub/environment.yml'), 'app/snowflake.yml', 'app/sub/environment.yml'), ['sub/environment.yml']);
  assert.equal(retarget(v1('environment.yml'), 'app/snowflake.yml', 'apple/environment.yml'), []);
});

definitions.run();
