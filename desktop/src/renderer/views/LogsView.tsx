// Logs of one service or several merged: follow / pause (pauses by itself when scrolled up), tail
// size, search with highlighting and next / previous, level filter, timestamps, download. The list
// is virtualised (fixed row height: see lib/fixed-rows) and the buffer bounded (oldest lines
// dropped, with a counter).
import { ChevronDown, ChevronUp, Download, Pause, Play, Trash2 } from 'lucide-react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../components/ErrorNote.js';
import { IconButton } from '../components/IconButton.js';
import { centredScrollTop, endScrollTop, isAtEnd, totalHeight, visibleRange } from '../lib/fixed-rows.js';
import { fileStamp } from '../lib/format.js';
import { LOG_LEVELS, type LogLevel } from '../lib/log-level.js';
import { toggled } from '../lib/sets.js';
import { allLines, FilteredLines, type LineIndex } from '../lib/visible-lines.js';
import { useConsole, useConsoleStore } from '../stores/console.js';
import type { LogEntry, Tail } from '../stores/logs.js';
import { LogLine } from './LogLine.js';

const ROW_HEIGHT = 20;
const OVERSCAN = 20;
/** Until the list has been measured (jsdom never measures). */
const INITIAL_VIEWPORT = 600;
const TAILS: Tail[] = [100, 1000, 10_000, 'all'];

export function LogsView() {
  const { t } = useTranslation();
  const { logs, nav } = useConsole();
  const status = useConsoleStore('status', (s) => s.status);
  const version = useConsoleStore('logs', (s) => s.version);
  const buffer = useConsoleStore('logs', (s) => s.buffer);
  const loading = useConsoleStore('logs', (s) => s.loading);
  const error = useConsoleStore('logs', (s) => s.error);
  const openServices = useConsoleStore('logs', (s) => s.services);
  const openTail = useConsoleStore('logs', (s) => s.tail);

  // "Logs" on a service row opens this page with that service; the menu keeps the last choice.
  const [selected, setSelected] = useState<string[]>(() => nav.getState().logServices ?? openServices);
  const [tail, setTail] = useState<Tail>(openTail);
  const [follow, setFollow] = useState(true);
  const [showTime, setShowTime] = useState(false);
  const [levels, setLevels] = useState<ReadonlySet<LogLevel>>(() => new Set(LOG_LEVELS));
  const [query, setQuery] = useState('');
  const [matchIndex, setMatchIndex] = useState(-1);
  const selectionKey = selected.join('\n');

  useEffect(() => {
    logs.getState().open(selectionKey ? selectionKey.split('\n') : [], tail);
    return () => logs.getState().close();
  }, [logs, selectionKey, tail]);
  // Other services or another tail: follow the new lines (state adjusted while rendering, not in the effect).
  const openKey = `${selectionKey}\u0000${String(tail)}`;
  const [followedKey, setFollowedKey] = useState(openKey);
  if (followedKey !== openKey) {
    setFollowedKey(openKey);
    setFollow(true);
  }

  // Filtered views are kept incrementally; a new filter starts a new one.
  const filter = useMemo(
    () =>
      levels.size === LOG_LEVELS.length ? null : new FilteredLines<LogEntry>((e) => levels.has(e.level)),
    [levels],
  );
  const lines: LineIndex<LogEntry> = useMemo(
    () => (filter ? filter.update(buffer, version) : allLines(buffer, version)),
    [filter, buffer, version],
  );
  // Matches are kept incrementally like the filter (only lines the level filter shows can match),
  // so a flood costs per new line; a match's row is looked up only when it is needed.
  const search = useMemo(
    () =>
      query
        ? new FilteredLines<LogEntry>(filter ? andThen(filter.predicate, matcher(query)) : matcher(query))
        : null,
    [query, filter],
  );
  const matches = useMemo(() => search?.update(buffer, version) ?? null, [search, buffer, version]);
  const matchCount = matches?.length ?? 0;
  const currentSeq = matchIndex >= 0 ? matches?.at(matchIndex)?.seq : undefined;

  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewportHeight, setViewportHeight] = useState(INITIAL_VIEWPORT);
  const [scrollTop, setScrollTop] = useState(0);
  const rows = { rowCount: lines.length, rowHeight: ROW_HEIGHT, viewportHeight };
  // Following renders the end straight away, without waiting for the scroll event.
  const shownTop = follow ? endScrollTop(rows) : scrollTop;
  const range = visibleRange(rows, shownTop, OVERSCAN);

  // The viewport's height changes only on resize: observed, never read per frame.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (el.clientHeight > 0) setViewportHeight(el.clientHeight);
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => {
      if (el.clientHeight > 0) setViewportHeight(el.clientHeight);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Follow: keep the newest line in view; the end is computed from the row count, not read.
  const followTop = follow ? endScrollTop(rows) : -1;
  const lastTop = useRef(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || followTop < 0) return;
    el.scrollTop = followTop;
    lastTop.current = followTop;
  }, [followTop]);

  // Following only ever scrolls down; a move up is the operator's, and pauses. Reaching the bottom
  // again resumes. (Comparing with the last position, not just "at the bottom", keeps a fast log
  // that grew between our scroll and its event from pausing itself.)
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const top = el.scrollTop;
    const atBottom = isAtEnd(rows, top, ROW_HEIGHT * 2);
    const movedUp = top < lastTop.current - 1;
    lastTop.current = top;
    // While following, the position is known without it (one render per frame, not two).
    if (!follow || movedUp) setScrollTop(top);
    if (follow && movedUp && !atBottom) setFollow(false);
    else if (!follow && atBottom && top > 0) setFollow(true);
  };

  const toggleFollow = () => {
    // Pausing stays where following was.
    if (follow) setScrollTop(scrollRef.current?.scrollTop ?? lastTop.current);
    setFollow(!follow);
  };

  const scrollToRow = (row: number) => {
    const top = centredScrollTop(rows, row);
    lastTop.current = top;
    setScrollTop(top);
    if (scrollRef.current) scrollRef.current.scrollTop = top;
  };

  const goToMatch = (direction: 1 | -1) => {
    if (!matches || matchCount === 0) return;
    const next =
      matchIndex < 0
        ? direction === 1
          ? 0
          : matchCount - 1
        : (matchIndex + direction + matchCount) % matchCount;
    setMatchIndex(next);
    setFollow(false);
    const row = lines.rowOf((matches.at(next) as LogEntry).seq);
    if (row >= 0) scrollToRow(row);
  };

  const services = status ? Object.keys(status.services) : [];
  const multi = selected.length !== 1;

  const download = () => {
    const text: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const e = lines.at(i) as LogEntry;
      const time = e.time !== undefined ? `${new Date(e.time).toISOString()} ` : '';
      text.push(`${multi ? `${e.service} | ` : ''}${time}${e.plain}`);
    }
    const name = selected.length === 0 ? 'all-services' : selected.join('+');
    saveText(`${name}-${fileStamp(new Date())}.log`, `${text.join('\n')}\n`);
  };

  const toggleService = (service: string) =>
    setSelected((current) =>
      current.includes(service)
        ? current.filter((s) => s !== service)
        : [...current, service].sort(byOrder(services)),
    );
  const toggleLevel = (level: LogLevel) => setLevels((current) => toggled(current, level));

  return (
    <section aria-labelledby="logs-title" className="page page-logs">
      <header className="page-header">
        <h1 id="logs-title">{t('logs.title')}</h1>
        <div className="toolbar">
          <button type="button" className="btn" aria-pressed={follow} onClick={toggleFollow}>
            {follow ? <Pause size={16} aria-hidden /> : <Play size={16} aria-hidden />}
            {follow ? t('logs.pause') : t('logs.follow')}
          </button>
          <label className="inline-field">
            {t('logs.tail')}
            <select
              value={String(tail)}
              onChange={(e) => setTail(e.target.value === 'all' ? 'all' : Number(e.target.value))}
            >
              {TAILS.map((v) => (
                <option key={String(v)} value={String(v)}>
                  {v === 'all' ? t('logs.tailAll') : t('logs.tailLines', { count: v })}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <input type="checkbox" checked={showTime} onChange={(e) => setShowTime(e.target.checked)} />
            {t('logs.timestamps')}
          </label>
          <button type="button" className="btn" onClick={download}>
            <Download size={16} aria-hidden /> {t('logs.download')}
          </button>
          <button type="button" className="btn" onClick={() => logs.getState().clear()}>
            <Trash2 size={16} aria-hidden /> {t('logs.clear')}
          </button>
        </div>
      </header>

      <div className="logs-filters">
        <fieldset className="chips">
          <legend>{t('logs.services')}</legend>
          <label className="chip">
            <input type="checkbox" checked={selected.length === 0} onChange={() => setSelected([])} />
            {t('logs.allServices')}
          </label>
          {services.map((s) => (
            <label className="chip" key={s}>
              <input type="checkbox" checked={selected.includes(s)} onChange={() => toggleService(s)} />
              {s}
            </label>
          ))}
        </fieldset>
        <fieldset className="chips">
          <legend>{t('logs.levels')}</legend>
          {LOG_LEVELS.map((level) => (
            <label className={`chip level-chip-${level}`} key={level}>
              <input type="checkbox" checked={levels.has(level)} onChange={() => toggleLevel(level)} />
              {t(`level.${level}`)}
            </label>
          ))}
        </fieldset>
        <div className="search" role="search">
          <input
            type="search"
            aria-label={t('logs.search')}
            placeholder={t('logs.search')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setMatchIndex(-1);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                goToMatch(e.shiftKey ? -1 : 1);
              }
            }}
          />
          <span className="small muted" role="status" aria-live="polite">
            {query ? t('logs.matches', { current: matchIndex + 1, count: matchCount }) : ''}
          </span>
          <IconButton
            label={t('logs.previousMatch')}
            disabled={matchCount === 0}
            onClick={() => goToMatch(-1)}
          >
            <ChevronUp size={16} aria-hidden />
          </IconButton>
          <IconButton label={t('logs.nextMatch')} disabled={matchCount === 0} onClick={() => goToMatch(1)}>
            <ChevronDown size={16} aria-hidden />
          </IconButton>
        </div>
      </div>

      {error && <ErrorNote error={error} />}
      <p className="small muted logs-counts" aria-live="off">
        {t('logs.lineCount', { count: lines.length })}
        {buffer.dropped > 0 && <> · {t('logs.dropped', { count: buffer.dropped, max: buffer.capacity })}</>}
        {loading && <> · {t('common.loading')}</>}
        {!follow && <> · {t('logs.paused')}</>}
      </p>

      <div
        ref={scrollRef}
        className="log-scroll"
        role="log"
        aria-label={t('logs.lines')}
        tabIndex={0}
        onScroll={onScroll}
      >
        <div style={{ height: totalHeight(rows), position: 'relative', width: '100%' }}>
          {rowIndexes(range.start, range.end).map((index) => {
            const entry = lines.at(index);
            if (!entry) return null;
            return (
              <div
                key={entry.seq}
                className="log-row"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  minWidth: '100%',
                  height: ROW_HEIGHT,
                  transform: `translateY(${index * ROW_HEIGHT}px)`,
                }}
              >
                <LogLine
                  entry={entry}
                  query={query}
                  showService={multi}
                  showTime={showTime}
                  current={entry.seq === currentSeq}
                />
              </div>
            );
          })}
        </div>
        {lines.length === 0 && !loading && <p className="muted empty">{t('logs.empty')}</p>}
      </div>
    </section>
  );
}

function matcher(query: string): (entry: LogEntry) => boolean {
  const needle = query.toLowerCase();
  return (entry) => entry.plain.toLowerCase().includes(needle);
}

function andThen<T>(first: (value: T) => boolean, second: (value: T) => boolean): (value: T) => boolean {
  return (value) => first(value) && second(value);
}

function rowIndexes(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}

function byOrder(order: string[]) {
  return (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
}

/** Saves text as a file through the browser's download (a save dialog inside Electron). */
export function saveText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke once the download has taken the data.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
