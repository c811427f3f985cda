// Drives the official Ghost Content API client against a running Newsdesk and prints what it
// got as JSON, for tests/api/test_ghost_client.py to check against the database.
//   GHOST_URL=http://127.0.0.1:PORT GHOST_KEY=... node browse.mjs
import GhostContentAPI from '@tryghost/content-api';

const api = new GhostContentAPI({url: process.env.GHOST_URL, key: process.env.GHOST_KEY, version: 'v5.0'});
const wrongKey = new GhostContentAPI({url: process.env.GHOST_URL, key: 'f'.repeat(26), version: 'v5.0'});

const listed = (items) => ({items: Array.from(items), meta: items.meta});
const failure = async (promise) => {
    try {
        await promise;
        return null;
    } catch (err) {
        return {name: err.name, type: err.type, message: err.message, status: err.response?.status};
    }
};

const first = await api.posts.browse({limit: 2, include: 'tags,authors'});
const second = await api.posts.browse({limit: 2, page: 2, include: 'tags,authors'});
const everything = await api.posts.browse({limit: 'all', fields: 'id,slug,title'});
const slug = first[0].slug;
const id = first[1].id;

const result = {
    first: listed(first),
    second: listed(second),
    all: listed(everything),
    bySlug: await api.posts.read({slug}, {include: 'tags,authors'}),
    byId: await api.posts.read({id}, {formats: ['html', 'plaintext']}),
    filtered: listed(await api.posts.browse({filter: 'tag:energy+featured:true', limit: 'all'})),
    authors: listed(await api.authors.browse({include: 'count.posts', limit: 'all'})),
    author: await api.authors.read({slug: first[0].primary_author.slug}),
    tags: listed(await api.tags.browse({include: 'count.posts', limit: 'all'})),
    tag: await api.tags.read({slug: first[0].primary_tag.slug}),
    pages: listed(await api.pages.browse()),
    settings: await api.settings.browse(),
    missing: await failure(api.posts.read({slug: 'no-such-post'})),
    badFilter: await failure(api.posts.browse({filter: 'tag:'})),
    badKey: await failure(wrongKey.posts.browse()),
};
process.stdout.write(JSON.stringify(result));
