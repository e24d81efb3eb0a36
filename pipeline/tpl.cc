/* tpl.cc -- the only C++: an extern "C" shim over ctemplate.  Template
 * files are checked here (XML auto-escape, no escape hatch) before ctemplate
 * parses them; no exception and no ctemplate log line reaches the C side. */
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <ctemplate/per_expand_data.h>
#include <ctemplate/template.h>
#include <ctemplate/template_annotator.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>

/* err.h has no extern "C" guard of its own. */
extern "C" {
#include "err.h"
}
#include "tpl.h"

using ctemplate::TemplateDictionary;

struct tpl_dict {
	TemplateDictionary *td;		/* owned only by the root wrapper */
	tpl_dict *root;
	std::vector<std::unique_ptr<tpl_dict>> kids;
	std::set<std::string> includes;	/* root only: files named by tpl_include */
	/* Root only, strict mode (tpl_dict_strict): */
	bool strict = false;
	std::set<std::string> setkeys;	/* every key tpl_set was given */
	std::set<std::string> incnames;	/* every include name given */
	std::vector<std::string> used;	/* what the last expansion used */
};

namespace {

const char kPragma[] = "{{%AUTOESCAPE context=\"XML\"}}";

/* Lines holding nothing but a marker vanish; values are never touched.
 * This also lets the pragma sit on its own line before <?xml. */
const ctemplate::Strip kStrip = ctemplate::STRIP_BLANK_LINES;

/* One lock for loading, the checked set and the std::cerr swap: expansion
 * takes microseconds, so serialising it costs nothing that matters. */
std::mutex mu;
/* Our own cache, not ctemplate's default one, so that nothing we did not
 * check can be in it.  Every file an expansion needs (the template and
 * the files named by tpl_include) is put in first, so ctemplate never
 * reads one itself.  Allocated once, never freed (reachable: no leak). */
ctemplate::TemplateCache *cache;
std::set<std::string> *checked;

/* Each checked file's markers ("NAME", "#NAME", ">NAME"...) and their
 * lines, so that strict expansion can say where a marker is. */
struct Marker {
	std::string tok;
	long line;
};
std::map<std::string, std::vector<Marker>> *markers;

/* ctemplate logs to std::cerr; while alive, capture that into a string. */
class CerrCapture {
public:
	CerrCapture() : old_(std::cerr.rdbuf(buf_.rdbuf())) {}
	~CerrCapture() { std::cerr.rdbuf(old_); }
	/* The log as one line, without ctemplate's severity prefixes and
	 * its "Template : " (a template from a string has no name; ours is
	 * in struct nerr anyway); newlines become "; ". */
	std::string text() const {
		static const char *const noise[] = {
			"ERROR: ", "WARNING: ", "DFATAL: ", "Template : "
		};
		std::string in = buf_.str(), out, line;
		std::istringstream is(in);

		while (std::getline(is, line)) {
			for (const char *n : noise) {
				size_t p;

				while ((p = line.find(n)) != std::string::npos)
					line.erase(p, std::strlen(n));
			}
			if (line.empty())
				continue;
			if (!out.empty())
				out += "; ";
			out += line;
		}
		return out;
	}
private:
	std::ostringstream buf_;
	std::streambuf *old_;
	CerrCapture(const CerrCapture &);
	CerrCapture &operator=(const CerrCapture &);
};

bool
read_file(const std::string &path, std::string *text, struct nerr *e)
{
	FILE *fp;
	char buf[8192];
	size_t n;

	if ((fp = std::fopen(path.c_str(), "rb")) == NULL) {
		nerr_set(e, EX_CONFIG, path.c_str(), 0, 0,
		    "cannot open template: %s", std::strerror(errno));
		return false;
	}
	while ((n = std::fread(buf, 1, sizeof(buf), fp)) > 0)
		text->append(buf, n);
	if (std::ferror(fp)) {
		nerr_set(e, EX_CONFIG, path.c_str(), 0, 0,
		    "cannot read template: %s", std::strerror(errno));
		std::fclose(fp);
		return false;
	}
	std::fclose(fp);
	return true;
}

/* Refuse what would let a value escape the XML escaping: the :none
 * modifier, and a change of marker delimiters (after which this scan
 * could no longer see the markers). */
bool
check_markers(const std::string &path, const std::string &t, struct nerr *e,
    std::vector<Marker> *out)
{
	size_t i = 0, seen = 0, end;
	long line = 1;

	while ((i = t.find("{{", i)) != std::string::npos) {
		for (; seen < i; seen++)
			if (t[seen] == '\n')
				line++;
		if ((end = t.find("}}", i + 2)) == std::string::npos)
			return true;	/* ctemplate reports it */
		std::string tok = t.substr(i + 2, end - i - 2);
		out->push_back(Marker{tok, line});
		if (!tok.empty() && tok[0] == '=') {
			nerr_set(e, EX_CONFIG, path.c_str(), line, 0,
			    "template changes marker delimiters");
			return false;
		}
		if (tok.empty() || tok[0] != '!') {
			size_t p = 0;

			while ((p = tok.find(":none", p)) != std::string::npos) {
				p += 5;
				if (p == tok.size() || tok[p] == ':') {
					nerr_set(e, EX_CONFIG, path.c_str(),
					    line, 0, "template uses the :none "
					    "modifier in {{%s}}", tok.c_str());
					return false;
				}
			}
		}
		i = end + 2;
	}
	return true;
}

/* Read, check and parse path into the cache once; call with mu held. */
bool
load(const std::string &path, struct nerr *e)
{
	std::string text;

	if (cache == NULL) {
		cache = new ctemplate::TemplateCache();
		checked = new std::set<std::string>();
		markers = new std::map<std::string, std::vector<Marker>>();
	}
	if (checked->count(path))
		return true;
	if (!read_file(path, &text, e))
		return false;
	if (text.compare(0, sizeof(kPragma) - 1, kPragma) != 0) {
		nerr_set(e, EX_CONFIG, path.c_str(), 1, 0,
		    "template does not start with %s", kPragma);
		return false;
	}
	std::vector<Marker> found;
	if (!check_markers(path, text, e, &found))
		return false;

	CerrCapture log;
	if (!cache->StringToTemplateCache(path, text, kStrip)) {
		std::string why = log.text();
		nerr_set(e, EX_CONFIG, path.c_str(), 0, 0,
		    "template syntax error: %s",
		    why.empty() ? "cannot parse" : why.c_str());
		return false;
	}
	checked->insert(path);
	(*markers)[path].swap(found);
	return true;
}

/* The name a marker token names: "NAME:xml_escape" -> "NAME". */
std::string
marker_name(const std::string &tok)
{
	size_t i = tok.find(':');
	std::string n = tok.substr(0, i);

	while (!n.empty() && std::isspace((unsigned char)n.back()))
		n.pop_back();
	return n;
}

/* The first file and line where a marker of this kind ('\0' a variable,
 * '>' an include) names name, among the files of an expansion. */
bool
marker_where(const std::vector<std::string> &files, char kind,
    const std::string &name, std::string *file, long *line)
{
	for (const std::string &f : files) {
		auto it = markers->find(f);

		if (it == markers->end())
			continue;
		for (const Marker &m : it->second) {
			std::string tok = m.tok;

			if (kind != '\0') {
				if (tok.empty() || tok[0] != kind)
					continue;
				tok.erase(0, 1);
			} else if (!tok.empty() && std::strchr("#/>!%^=",
			    tok[0]) != NULL)
				continue;
			if (marker_name(tok) == name) {
				*file = f;
				*line = m.line;
				return true;
			}
		}
	}
	return false;
}

/* Watches a strict expansion: the variables and sections it expands. */
class Watch : public ctemplate::TemplateAnnotator {
public:
	std::vector<std::string> vars, sections;
	void EmitOpenInclude(ctemplate::ExpandEmitter *, const std::string &) {}
	void EmitCloseInclude(ctemplate::ExpandEmitter *) {}
	void EmitOpenFile(ctemplate::ExpandEmitter *, const std::string &) {}
	void EmitCloseFile(ctemplate::ExpandEmitter *) {}
	void EmitOpenSection(ctemplate::ExpandEmitter *, const std::string &v) {
		/* ctemplate's own "__{{MAIN}}__" is no section of ours. */
		if (v.compare(0, 2, "__") != 0)
			sections.push_back(v);
	}
	void EmitCloseSection(ctemplate::ExpandEmitter *) {}
	void EmitOpenVariable(ctemplate::ExpandEmitter *, const std::string &v) {
		vars.push_back(marker_name(v));
	}
	void EmitCloseVariable(ctemplate::ExpandEmitter *) {}
	void EmitFileIsMissing(ctemplate::ExpandEmitter *,
	    const std::string &) {}
};

/* Strict mode's checks of an expansion of path with root d (mu held):
 * every include named in the files has a file, every variable expanded
 * was set. */
bool
strict_check(const std::string &path, tpl_dict *d, const Watch &w,
    struct nerr *e)
{
	std::vector<std::string> files;
	std::string file;
	long line;

	files.push_back(path);
	for (const std::string &inc : d->includes)
		files.push_back(inc);
	for (const std::string &f : files)
		for (const Marker &m : (*markers)[f]) {
			if (m.tok.empty() || m.tok[0] != '>')
				continue;
			std::string name = marker_name(m.tok.substr(1));
			if (!d->incnames.count(name)) {
				nerr_set(e, EX_CONFIG, f.c_str(), m.line, 0,
				    "{{>%s}}: no such include (templates/inc/"
				    "*.xml)", name.c_str());
				return false;
			}
		}
	for (const std::string &v : w.vars)
		if (!d->setkeys.count(v)) {
			if (!marker_where(files, '\0', v, &file, &line)) {
				file = path;
				line = 0;
			}
			nerr_set(e, EX_CONFIG, file.c_str(), line, 0, "{{%s}}: "
			    "no such key (nothing fills it)", v.c_str());
			return false;
		}
	d->used.clear();
	for (const std::string &v : w.vars)
		d->used.push_back(v);
	for (const std::string &v : w.sections)
		d->used.push_back("#" + v);
	return true;
}

/*
 * Keys (variable, section and include names) as ctemplate's
 * StaticTemplateString: its id (a MurmurHash) computed and its name put
 * in ctemplate's global id-to-name map once, not at every call (for a
 * plain string ctemplate hashes the key, looks it up in that map and
 * checks it, under a lock, each time: some 1,500 instructions, and a
 * letter sets some 60 keys).  The same names, so the same
 * dictionaries and the same output.  A key's bytes live as long as the
 * process, as that map requires; past kKeyMax names (keys come from
 * code and fields.xml, so there are far fewer) a key goes as a plain
 * string again.
 */
struct Key {
	const char *s;
	size_t n;
	uint64_t h;
	ctemplate::StaticTemplateString *sts;
};

const size_t kKeySlots = 8192;	/* a power of two, twice kKeyMax */
const size_t kKeyMax = 4096;
std::mutex keymu;
Key *keytab;			/* kKeySlots, allocated once, never freed */
size_t nkeys;

ctemplate::TemplateString
key_of(const char *key)
{
	uint64_t h = 14695981039346656037ULL;
	size_t n = 0;

	for (; key[n] != '\0'; n++)
		h = (h ^ (unsigned char)key[n]) * 1099511628211ULL;
	std::lock_guard<std::mutex> g(keymu);
	if (keytab == NULL)
		keytab = new Key[kKeySlots]();
	size_t i = h & (kKeySlots - 1);
	for (; keytab[i].s != NULL; i = (i + 1) & (kKeySlots - 1))
		if (keytab[i].h == h && keytab[i].n == n &&
		    std::memcmp(keytab[i].s, key, n) == 0)
			return ctemplate::TemplateString(*keytab[i].sts);
	if (nkeys >= kKeyMax)
		return ctemplate::TemplateString(key, n);
	char *copy = new char[n + 1];
	std::memcpy(copy, key, n + 1);
	ctemplate::StaticTemplateString *sts =
	    new ctemplate::StaticTemplateString();
	sts->do_not_use_directly_.ptr_ = copy;
	sts->do_not_use_directly_.length_ = n;
	sts->do_not_use_directly_.id_ = 0;
	/* Computes the id and registers the name. */
	ctemplate::StaticTemplateStringInitializer init(sts);
	keytab[i].s = copy;
	keytab[i].n = n;
	keytab[i].h = h;
	keytab[i].sts = sts;
	nkeys++;
	return ctemplate::TemplateString(*sts);
}

tpl_dict *
wrap(tpl_dict *parent, TemplateDictionary *td)
{
	std::unique_ptr<tpl_dict> k(new tpl_dict());

	k->td = td;
	k->root = parent->root;
	parent->kids.push_back(std::move(k));
	return parent->kids.back().get();
}

}  // namespace

/* Out of memory while building a dictionary aborts, as a failed calloc
 * does elsewhere: these calls have no error to return. */
extern "C" struct tpl_dict *
tpl_dict_new(void)
{
	try {
		std::unique_ptr<tpl_dict> d(new tpl_dict());

		d->td = new TemplateDictionary("naskah");
		d->root = d.get();
		return d.release();
	} catch (...) {
		std::abort();
	}
}

extern "C" void
tpl_set(struct tpl_dict *d, const char *key, const char *val)
{
	if (d == NULL || key == NULL)
		return;
	try {
		/* Root values must reach included fragments (inc/ttd.xml uses
		 * the document's own values); plain SetValue stops at includes. */
		if (d->root == d)
			d->td->SetTemplateGlobalValue(key_of(key),
			    val ? val : "");
		else
			d->td->SetValue(key_of(key), val ? val : "");
		if (d->root->strict)
			d->root->setkeys.insert(key);
	} catch (...) {
		std::abort();
	}
}

extern "C" struct tpl_dict *
tpl_section_add(struct tpl_dict *d, const char *section)
{
	if (d == NULL || section == NULL)
		return NULL;
	try {
		return wrap(d, d->td->AddSectionDictionary(key_of(section)));
	} catch (...) {
		std::abort();
	}
}

extern "C" void
tpl_section_show(struct tpl_dict *d, const char *section)
{
	if (d == NULL || section == NULL)
		return;
	try {
		if (d->root == d)
			d->td->ShowTemplateGlobalSection(key_of(section));
		else
			d->td->ShowSection(key_of(section));
	} catch (...) {
		std::abort();
	}
}

extern "C" struct tpl_dict *
tpl_include(struct tpl_dict *d, const char *name, const char *path)
{
	if (d == NULL || name == NULL || path == NULL)
		return NULL;
	try {
		TemplateDictionary *td =
		    d->td->AddIncludeDictionary(key_of(name));

		td->SetFilename(path);
		d->root->includes.insert(path);
		d->root->incnames.insert(name);
		return wrap(d, td);
	} catch (...) {
		std::abort();
	}
}

extern "C" void
tpl_dict_strict(struct tpl_dict *d)
{
	if (d != NULL && d->root == d)
		d->strict = true;
}

extern "C" const char *
tpl_used(const struct tpl_dict *d, size_t i)
{
	if (d == NULL || d->root != d || i >= d->used.size())
		return NULL;
	return d->used[i].c_str();
}

extern "C" void
tpl_dict_free(struct tpl_dict *d)
{
	if (d == NULL || d->root != d)
		return;
	delete d->td;	/* frees every section and include dictionary */
	delete d;
}

extern "C" char *
tpl_expand(const char *path, const struct tpl_dict *d, size_t *len,
    struct nerr *e)
{
	if (path == NULL || d == NULL) {
		nerr_set(e, EX_SOFTWARE, path, 0, 0,
		    "tpl_expand: no template or dictionary");
		return NULL;
	}
	try {
		std::lock_guard<std::mutex> g(mu);
		std::string out;

		if (!load(path, e))
			return NULL;
		for (const std::string &inc : d->root->includes)
			if (!load(inc, e))
				return NULL;

		CerrCapture log;
		Watch w;
		ctemplate::PerExpandData ped;
		if (d->root->strict) {
			/* Annotation is how ctemplate shows what it expands;
			 * Watch writes nothing into the output. */
			ped.SetAnnotateOutput("");
			ped.SetAnnotator(&w);
		}
		if (!cache->ExpandWithData(path, kStrip, d->td,
		    d->root->strict ? &ped : NULL, &out)) {
			std::string why = log.text();
			nerr_set(e, EX_CONFIG, path, 0, 0,
			    "template expansion failed: %s",
			    why.empty() ? "unknown error" : why.c_str());
			return NULL;
		}
		if (d->root->strict &&
		    !strict_check(path, d->root, w, e))
			return NULL;
		char *r = static_cast<char *>(std::malloc(out.size() + 1));
		if (r == NULL) {
			nerr_set(e, EX_OSERR, path, 0, 0, "out of memory");
			return NULL;
		}
		std::memcpy(r, out.data(), out.size());
		r[out.size()] = '\0';
		if (len != NULL)
			*len = out.size();
		return r;
	} catch (const std::bad_alloc &) {
		nerr_set(e, EX_OSERR, path, 0, 0, "out of memory");
	} catch (const std::exception &x) {
		nerr_set(e, EX_SOFTWARE, path, 0, 0, "template: %s", x.what());
	} catch (...) {
		nerr_set(e, EX_SOFTWARE, path, 0, 0, "template: unknown error");
	}
	return NULL;
}
